import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { partsProperties } from '../../descriptions/parts.description';
import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { readParts } from '../../helpers/parts';
import { validateRequest } from '../../helpers/validate';
import { sendMessageRequest } from '../../schemas/message';
import type { ChertRequest } from '../../../shared/transport/request.types';
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
	...partsProperties,
	sendOptions(),
];

export const description = showOnlyFor({ resource: ['message'], operation: ['send'] }, properties);

const labels = requestLabels(properties, {
	chatId: 'chatId',
	'body.message.parts': 'parts',
	'body.message.idempotency_key': 'options.idempotencyKey',
});

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<ChertRequest> {
	const { parts, uploads } = await readParts.call(this, itemIndex, ['message', 'parts']);
	const options = this.getNodeParameter('options', itemIndex, {}) as { idempotencyKey?: string };
	const { chatId, body } = validateRequest.call(
		this,
		sendMessageRequest,
		{
			chatId: this.getNodeParameter('chatId', itemIndex, ''),
			body: {
				message: {
					parts,
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
		uploads,
	};
}

export const toOutput = withIds;
