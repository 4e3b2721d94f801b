import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { partsProperties } from '../../descriptions/parts.description';
import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { parseRecipients } from '../../helpers/recipients';
import { readParts } from '../../helpers/parts';
import { validateRequest } from '../../helpers/validate';
import { createChatRequest } from '../../schemas/chat';
import { E164_EXAMPLE, MAX_RECIPIENTS } from '../../schemas/limits';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { sendOptions } from '../options.description';

const properties: INodeProperties[] = [
	{
		// n8n's convention for a list that also takes an expression; the value is the E.164
		// number itself.
		displayName: 'From Name or ID',
		name: 'from',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
		required: true,
		default: '',
		description:
			'The number the message is sent from: one of your active Chert numbers, in E.164 format (e.g. +14155550123). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
	...partsProperties,
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

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<ChertRequest> {
	const { parts, uploads } = await readParts.call(this, itemIndex, ['message', 'parts']);
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
				parts,
				...(options.idempotencyKey ? { idempotency_key: options.idempotencyKey } : {}),
				...(options.subject ? { subject: options.subject } : {}),
			},
		},
		labels,
		itemIndex,
	);
	return { method: 'POST', endpoint: '/chats', body, idempotencyKeyPath: ['message', 'idempotency_key'], uploads };
}

export const toOutput = withIds;
