import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { partsProperty } from '../../descriptions/parts.description';
import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { parseRecipients } from '../../helpers/recipients';
import { toApiParts } from '../../helpers/parts';
import { validateRequest } from '../../helpers/validate';
import { createChatRequest } from '../../schemas/chat';
import { E164_EXAMPLE, MAX_RECIPIENTS } from '../../schemas/limits';
import type { ChertRequest } from '../../transport/request.types';
import { withIds } from '../common';
import { sendOptions } from '../options.description';

const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: E164_EXAMPLE,
		description: 'The number the message is sent from: one of your Chert numbers, in E.164 format',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: `${E164_EXAMPLE}, +14155550124`,
		description: `Who receives the message, in E.164 format: one number for a direct chat, or 2–${MAX_RECIPIENTS} separated by commas, spaces or new lines for a group chat. An expression may also return an array.`,
	},
	partsProperty,
	sendOptions({
		displayName: 'Group Name',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'The display name of a group chat (Chert’s subject)',
	}),
];

export const description = showOnlyFor({ resource: ['chat'], operation: ['create'] }, properties);

const labels = requestLabels(properties, {
	from: 'from',
	to: 'to',
	'message.parts': 'parts',
	'message.subject': 'options.subject',
	'message.idempotency_key': 'options.idempotencyKey',
});

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		subject?: string;
		idempotencyKey?: string;
	};
	const body = validateRequest.call(
		this,
		createChatRequest,
		{
			from: this.getNodeParameter('from', itemIndex),
			to: parseRecipients(this.getNodeParameter('to', itemIndex)),
			message: {
				parts: toApiParts(this.getNodeParameter('parts', itemIndex, {})),
				...(options.idempotencyKey ? { idempotency_key: options.idempotencyKey } : {}),
				...(options.subject ? { subject: options.subject } : {}),
			},
		},
		labels,
		itemIndex,
	);
	return { method: 'POST', endpoint: '/chats', body, idempotencyKeyPath: ['message', 'idempotency_key'] };
}

export const toOutput = withIds;
