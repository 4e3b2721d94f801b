import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { messageIdProperty } from '../../descriptions/fields.description';
import { getMessageRequest } from '../../schemas/message';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { asObject, idEndpoint, withIds } from '../common';
import { requestOptions } from '../options.description';

const properties: INodeProperties[] = [messageIdProperty('to get'), requestOptions()];

export const description = showOnlyFor({ resource: ['message'], operation: ['get'] }, properties);

const labels = requestLabels(properties, { messageId: 'messageId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return { method: 'GET', endpoint: idEndpoint(this, itemIndex, labels, getMessageRequest, 'messageId', 'messages') };
}

/** Chert does not fully document this answer: the message may come wrapped in `message` or bare. */
export function toOutput(response: Record<string, unknown>): IDataObject {
	return withIds({ message: asObject(response.message) ?? response });
}
