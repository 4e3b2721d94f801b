import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { validateRequest } from '../../helpers/validate';
import { getEventRequest } from '../../schemas/event';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { asObject } from '../common';
import { requestOptions } from '../options.description';
import { eventIdProperty } from './eventId.description';
import { eventOutput } from './rows';

const properties: INodeProperties[] = [eventIdProperty('to get'), requestOptions()];

export const description = showOnlyFor({ resource: ['event'], operation: ['get'] }, properties);

const labels = requestLabels(properties, { eventId: 'eventId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { eventId } = validateRequest.call(
		this,
		getEventRequest,
		{ eventId: this.getNodeParameter('eventId', itemIndex, '') },
		labels,
		itemIndex,
	);
	return { method: 'GET', endpoint: `/events/${encodeURIComponent(eventId)}` };
}

/** Chert says "same row" as the list: taken bare, or from an `event` wrapper if one comes. */
export function toOutput(response: Record<string, unknown>): IDataObject {
	return eventOutput(asObject(response.event) ?? (response as IDataObject));
}
