import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { phoneProperty } from '../../descriptions/fields.description';
import { omitEmpty } from '../../helpers/body';
import { parseEntries } from '../../helpers/lists';
import { validateRequest } from '../../helpers/validate';
import { sendToPhoneNumberRequest } from '../../schemas/message';
import { PART_FIELDS } from '../../schemas/parts';
import type { ChertRequest } from '../../../shared/transport/request.types';
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
				'Files to send with the text: the attachment_id of each file uploaded to Chert (not URLs), separated by commas. An expression (or JSON) may give an array of IDs or of the attachment objects Chert takes, e.g. {"attachment_id": "…", "live_photo": true} for a Live Photo.',
		},
		{
			displayName: 'Attachments',
			name: 'attachments',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Attachment',
			description: 'Files uploaded to Chert to send with the text, one by one; they follow those of Attachment IDs',
			options: [
				{
					displayName: 'Attachment',
					name: 'attachment',
					values: [
						{
							displayName: 'Attachment ID',
							name: 'attachmentId',
							type: 'string',
							default: '',
							placeholder: 'att_…',
							description: PART_FIELDS.attachmentId.description,
						},
						{
							displayName: 'Live Photo',
							name: 'livePhoto',
							type: 'boolean',
							default: false,
							description:
								'Whether the attachment is a Live Photo: an uploaded HEIC that Chert pairs with its companion MOV (sent as {"attachment_id": "…", "live_photo": true})',
						},
					],
				},
			],
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

const ATTACHMENTS_LABEL = 'Options › Attachments';

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

/** An entry of the Attachments option, as Chert's `/send` takes it. */
function attachmentEntry(entry: { attachmentId?: string; livePhoto?: boolean }): IDataObject {
	return entry.livePhoto ? { attachment_id: entry.attachmentId, live_photo: true } : { attachment_id: entry.attachmentId };
}

/**
 * Attachment IDs' entries first, then the Attachments option's; an error in one of the
 * latter names it by its place in that option.
 */
function attachmentsOf(options: { attachmentIds?: unknown; attachments?: { attachment?: Array<{ attachmentId?: string; livePhoto?: boolean }> } }) {
	const fromIds = parseEntries(options.attachmentIds);
	const fromEntries = (options.attachments?.attachment ?? []).map(attachmentEntry);
	const entryLabels: Record<string, string> = {};
	fromEntries.forEach((_entry, index) => {
		const label = `${ATTACHMENTS_LABEL} › Attachment ${index + 1}`;
		entryLabels[`attachments.${fromIds.length + index}`] = label;
		entryLabels[`attachments.${fromIds.length + index}.attachment_id`] = `${label} › Attachment ID`;
	});
	return { attachments: [...fromIds, ...fromEntries], entryLabels };
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		attachmentIds?: unknown;
		attachments?: { attachment?: Array<{ attachmentId?: string; livePhoto?: boolean }> };
		effect?: string;
		externalId?: string;
		idempotencyKey?: string;
		name?: string;
		phoneLineId?: string;
	};
	const { attachments, entryLabels } = attachmentsOf(options);
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
				attachments,
				effect: options.effect,
			}),
		},
		{ ...labels, ...entryLabels },
		itemIndex,
	);
	return { method: 'POST', endpoint: '/send', body, idempotencyKeyPath: ['idempotency_key'] };
}

/** Chert calls the chat a "lead" here: its `lead_id` is the chatId other operations take. */
export function toOutput(response: Record<string, unknown>) {
	return withIds(response, { chatId: response.lead_id });
}
