import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty, phoneProperty } from '../../descriptions/fields.description';
import { omitEmpty } from '../../helpers/body';
import { validateRequest } from '../../helpers/validate';
import { sendLocationRequest } from '../../schemas/location';
import { chertApiRequest } from '../../transport/chert.api';
import type { ChertRequest } from '../../transport/request.types';
import { asObject, withIds } from '../common';
import type { ChertExecute } from '../operation.types';
import { sendOptions } from '../options.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		default: 'chat',
		description: 'Whether to send the location into an existing chat, or to a phone number',
		options: [
			{ name: 'Chat', value: 'chat', description: 'An existing chat, by its chat ID' },
			{ name: 'Phone Number', value: 'phone', description: 'A phone number, in E.164 format' },
		],
	},
	{ ...chatIdProperty('to send the location to'), displayOptions: { show: { sendTo: ['chat'] } } },
	{ ...phoneProperty('to send the location to'), displayOptions: { show: { sendTo: ['phone'] } } },
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
		description: 'The latitude of the place in decimal degrees, from -90 to 90; north is positive (e.g. 37.7793)',
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
		description: 'The longitude of the place in decimal degrees, from -180 to 180; east is positive (e.g. -122.4193)',
	},
	sendOptions(
		{
			displayName: 'Address',
			name: 'address',
			type: 'string',
			default: '',
			placeholder: '1 Dr Carlton B Goodlett Pl, San Francisco, CA 94102',
			description: 'The street address of the place, as plain text',
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'City Hall',
			description: 'The name of the place, as plain text',
		},
	),
];

export const description = showOnlyFor({ resource: ['location'], operation: ['send'] }, properties);

const labels = requestLabels(properties, {
	chat_id: 'chatId',
	phone: 'phone',
	latitude: 'latitude',
	longitude: 'longitude',
	label: 'options.label',
	address: 'options.address',
	idempotency_key: 'options.idempotencyKey',
});

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		address?: string;
		idempotencyKey?: string;
		label?: string;
	};
	const recipient =
		this.getNodeParameter('sendTo', itemIndex) === 'phone'
			? { phone: this.getNodeParameter('phone', itemIndex, '') }
			: { chat_id: this.getNodeParameter('chatId', itemIndex, '') };
	const body = validateRequest.call(
		this,
		sendLocationRequest,
		{
			...recipient,
			latitude: this.getNodeParameter('latitude', itemIndex),
			longitude: this.getNodeParameter('longitude', itemIndex),
			...omitEmpty({ label: options.label, address: options.address, idempotency_key: options.idempotencyKey }),
		},
		labels,
		itemIndex,
	);
	return { method: 'POST', endpoint: '/locations', body, idempotencyKeyPath: ['idempotency_key'] };
}

/**
 * Chert documents only `message_id` and `status` of its answer: when the location went to a
 * chat, the chat id is known from the request even if the answer leaves it out.
 */
export const execute: ChertExecute = async function (request, itemIndex, delivery) {
	const answer = await chertApiRequest.call(this, request, itemIndex, delivery);
	return { answer, requestedChatId: request.body?.chat_id };
};

export function toOutput(response: Record<string, unknown>): IDataObject {
	return withIds(asObject(response.answer) ?? {}, { chatId: response.requestedChatId });
}
