import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { getEventRequest } from '../../schemas/event';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { asObject, idEndpoint } from '../common';
import { requestOptions } from '../options.description';
import { eventIdProperty } from './eventId.description';
import { eventOutput } from './rows';

const properties: INodeProperties[] = [eventIdProperty('to get'), requestOptions()];

export const description = showOnlyFor({ resource: ['event'], operation: ['get'] }, properties);

const labels = requestLabels(properties, { eventId: 'eventId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return { method: 'GET', endpoint: idEndpoint(this, itemIndex, labels, getEventRequest, 'eventId', 'events') };
}

/** Chert says "same row" as the list: taken bare, or from an `event` wrapper if one comes. */
export function toOutput(response: Record<string, unknown>): IDataObject {
	return eventOutput(asObject(response.event) ?? (response as IDataObject));
}
