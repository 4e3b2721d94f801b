import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty } from '../../descriptions/fields.description';
import { MESSAGE_HISTORY_LIMIT } from '../../schemas/limits';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { asObject, chatOnlyRequest, withIds } from '../common';
import { requestOptions } from '../options.description';

const properties: INodeProperties[] = [
	{
		displayName: `Chert returns the ${MESSAGE_HISTORY_LIMIT} newest messages of the chat, oldest first, and has no paging yet: when older messages were left out, every item has hasMore set to true`,
		name: 'historyNotice',
		type: 'notice',
		default: '',
	},
	chatIdProperty('whose messages to get'),
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['chat'], operation: ['getMessages'] }, properties);

const labels = requestLabels(properties, { chatId: 'chatId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return chatOnlyRequest(this, itemIndex, labels, 'GET', 'messages');
}

/**
 * One item per message, in Chert's order (oldest first), shaped like Message → Get's output.
 * `has_more` would be lost on per-message items, so each carries it as `hasMore`.
 */
export function toOutput(response: Record<string, unknown>): IDataObject[] {
	const messages = Array.isArray(response.messages) ? response.messages : [];
	const hasMore = response.has_more === true;
	return messages
		.map(asObject)
		.filter((message) => message !== undefined)
		.map((message) => ({ ...withIds({ message }), hasMore }));
}
