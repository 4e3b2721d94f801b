import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { phoneProperty } from '../../descriptions/fields.description';
import { omitEmpty } from '../../helpers/body';
import { parseList } from '../../helpers/lists';
import { validateRequest } from '../../helpers/validate';
import { sendToPhoneNumberRequest } from '../../schemas/message';
import type { ChertRequest } from '../../transport/request.types';
import { withIds } from '../common';
import { sendOptions } from '../options.description';

const properties: INodeProperties[] = [
	phoneProperty('to text'),
	{
		displayName: 'Text',
		name: 'body',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Hi Ana, your order has shipped!',
		description: 'The text of the message, as plain text',
	},
	sendOptions(
		{
			displayName: 'Attachment IDs',
			name: 'attachmentIds',
			type: 'string',
			default: '',
			placeholder: 'att_1, att_2',
			description:
				'Files to send with the text: the attachment_id of each file uploaded to Chert (not URLs), separated by commas. An expression may return an array.',
		},
		{
			displayName: 'Effect',
			name: 'effect',
			type: 'string',
			default: '',
			description:
				'The name of an iMessage send effect to show the message with. Chert’s docs do not list the names: an unknown one fails with the list Chert accepts.',
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: 'Your own reference for this recipient, e.g. a CRM contact ID (Chert’s external_id)',
		},
		{
			displayName: 'Phone Line Name or ID',
			name: 'phoneLineId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getPhoneLines' },
			default: '',
			description:
				'The line to send from (its phone_line_id); leave empty to let Chert choose. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Recipient Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'The recipient’s name, as plain text (Chert’s name field)',
		},
	),
];

export const description = showOnlyFor({ resource: ['message'], operation: ['sendToPhoneNumber'] }, properties);

const labels = requestLabels(properties, {
	phone: 'phone',
	body: 'body',
	idempotency_key: 'options.idempotencyKey',
	name: 'options.name',
	external_id: 'options.externalId',
	phone_line_id: 'options.phoneLineId',
	attachments: 'options.attachmentIds',
	effect: 'options.effect',
});

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		attachmentIds?: unknown;
		effect?: string;
		externalId?: string;
		idempotencyKey?: string;
		name?: string;
		phoneLineId?: string;
	};
	const body = validateRequest.call(
		this,
		sendToPhoneNumberRequest,
		{
			phone: this.getNodeParameter('phone', itemIndex),
			body: this.getNodeParameter('body', itemIndex),
			...omitEmpty({
				idempotency_key: options.idempotencyKey,
				name: options.name,
				external_id: options.externalId,
				phone_line_id: options.phoneLineId,
				attachments: parseList(options.attachmentIds),
				effect: options.effect,
			}),
		},
		labels,
		itemIndex,
	);
	return { method: 'POST', endpoint: '/send', body, idempotencyKeyPath: ['idempotency_key'] };
}

/** Chert calls the chat a "lead" here: its `lead_id` is the chatId other operations take. */
export function toOutput(response: Record<string, unknown>) {
	return withIds(response, { chatId: response.lead_id });
}
