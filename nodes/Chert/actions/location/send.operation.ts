import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { phoneProperty } from '../../descriptions/fields.description';
import { omitEmpty } from '../../helpers/body';
import { validateRequest } from '../../helpers/validate';
import { DELIVERY_CHAT_ID_EXAMPLE, FALLBACK_MODES, fallbackModeValues, sendLocationRequest } from '../../schemas/location';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { sendOptions } from '../options.description';

const targets = [
	{
		name: 'Delivery Chat',
		value: 'chat',
		description: `A chat, by Chert’s delivery chat ID (e.g. ${DELIVERY_CHAT_ID_EXAMPLE}), not the chat ID from Create Chat`,
	},
	{ name: 'Phone Number', value: 'phone', description: 'A phone number, in E.164 format' },
];

const SEND_TO_DESCRIPTION = 'Whether to send the location to a phone number, or into a chat by Chert’s delivery chat ID';
// Plain version lists, not `_cnd` conditions, so every n8n the package supports reads them.
const FROM_VERSION_2 = { '@version': [2] };

const deliveryChatId: INodeProperties = {
	displayName: 'Delivery Chat ID',
	name: 'chatId',
	type: 'string',
	required: true,
	default: '',
	placeholder: DELIVERY_CHAT_ID_EXAMPLE,
	description: `Chert’s delivery chat ID of the chat, e.g. ${DELIVERY_CHAT_ID_EXAMPLE}. Not the chat UUID that Create Chat, Send to Phone Number or the Chert Trigger give (chatId): Chert’s locations endpoint does not take those. To reach one person, send to their phone number instead.`,
};

// Version 1 sent into a chat by default, its chat field defaulting to {{ $json.chatId }};
// n8n saves only the parameters that differ from their defaults, so workflows saved with
// version 1 keep those defaults. Version 2 sends to a phone number by default.
const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		default: 'chat',
		description: SEND_TO_DESCRIPTION,
		options: targets,
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		default: 'phone',
		description: SEND_TO_DESCRIPTION,
		options: targets,
		displayOptions: { show: FROM_VERSION_2 },
	},
	{ ...phoneProperty('to send the location to'), displayOptions: { show: { sendTo: ['phone'] } } },
	{
		...deliveryChatId,
		default: '={{ $json.chatId }}',
		displayOptions: { show: { sendTo: ['chat'], '@version': [1] } },
	},
	{ ...deliveryChatId, displayOptions: { show: { sendTo: ['chat'], ...FROM_VERSION_2 } } },
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
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'dateTime',
			default: '',
			description:
				'Chert’s expires_at for the pin, as an ISO 8601 date-time (e.g. 2026-06-01T18:00:00Z). Chert does not document what happens then. A time without an offset is sent as it is.',
		},
		{
			displayName: 'Fallback Mode',
			name: 'fallbackMode',
			type: 'options',
			default: 'auto',
			description:
				'Chert’s fallback_mode: whether Chert may fall back to an Apple Maps link after an enabled line accepts the pin. Without this option no fallback_mode is sent.',
			options: fallbackModeValues.map((value) => ({ value, ...FALLBACK_MODES[value] })),
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
	fallback_mode: 'options.fallbackMode',
	expires_at: 'options.expiresAt',
	idempotency_key: 'options.idempotencyKey',
});

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		address?: string;
		expiresAt?: unknown;
		fallbackMode?: string;
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
			...omitEmpty({
				label: options.label,
				address: options.address,
				fallback_mode: options.fallbackMode,
				expires_at: options.expiresAt as IDataObject[keyof IDataObject],
				idempotency_key: options.idempotencyKey,
			}),
		},
		labels,
		itemIndex,
	);
	return { method: 'POST', endpoint: '/locations', body, idempotencyKeyPath: ['idempotency_key'] };
}

/**
 * Chert's answer as it came (`message_id`, `status`, `phone_line_id`, `delivery`,
 * `location`), with messageId on top. No chatId: a delivery chat id is not the chat id other
 * operations take, and Chert's answer names no chat.
 */
export const toOutput = withIds;
