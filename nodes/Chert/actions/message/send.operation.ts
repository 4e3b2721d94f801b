import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { partsProperty } from '../../descriptions/parts.description';
import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { toApiParts } from '../../helpers/parts';
import { validateRequest } from '../../helpers/validate';
import { sendMessageRequest } from '../../schemas/message';
import type { ChertRequest } from '../../transport/request.types';
import { withIds } from '../common';
import { sendOptions } from '../options.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Chat ID',
		name: 'chatId',
		type: 'string',
		required: true,
		default: '={{ $json.chatId }}',
		description: 'The ID of the chat to send to, as Create Chat returned it (its chatId output), never a message ID. Defaults to the chatId of the incoming item.',
	},
	partsProperty,
	sendOptions(),
];

export const description = showOnlyFor({ resource: ['message'], operation: ['send'] }, properties);

const labels = requestLabels(properties, {
	chatId: 'chatId',
	'body.message.parts': 'parts',
	'body.message.idempotency_key': 'options.idempotencyKey',
});

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as { idempotencyKey?: string };
	const { chatId, body } = validateRequest.call(
		this,
		sendMessageRequest,
		{
			chatId: this.getNodeParameter('chatId', itemIndex, ''),
			body: {
				message: {
					parts: toApiParts(this.getNodeParameter('parts', itemIndex, {})),
					...(options.idempotencyKey ? { idempotency_key: options.idempotencyKey } : {}),
				},
			},
		},
		labels,
		itemIndex,
	);
	return {
		method: 'POST',
		endpoint: `/chats/${encodeURIComponent(chatId)}/messages`,
		body,
		idempotencyKeyPath: ['message', 'idempotency_key'],
	};
}

export const toOutput = withIds;
