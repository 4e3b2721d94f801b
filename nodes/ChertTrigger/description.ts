import type { INodeProperties } from 'n8n-workflow';

import { ALL_EVENTS } from './events';

export const DEFAULT_BINARY_PREFIX = 'attachment_';

/** How events reach the trigger: the `deliveryMode` parameter's values. */
export const DELIVERY_MODE = { webhook: 'webhook', eventStream: 'eventStream' } as const;
export type DeliveryMode = (typeof DELIVERY_MODE)[keyof typeof DELIVERY_MODE];

export const properties: INodeProperties[] = [
	{
		displayName: 'Receive Events Via',
		name: 'deliveryMode',
		type: 'options',
		noDataExpression: true,
		// Workflows saved before the choice existed have no value: they keep today's webhook.
		default: 'webhook',
		options: [
			{
				name: 'Webhook',
				value: DELIVERY_MODE.webhook,
				description: 'Chert POSTs each event to this workflow’s webhook URL, which must be public https',
			},
			{
				name: 'Event Stream (No Public URL Needed)',
				value: DELIVERY_MODE.eventStream,
				description:
					'Holds Chert’s event stream open from n8n (GET /events/stream): works behind a firewall, on a laptop, over plain http',
			},
		],
	},
	{
		displayName:
			'Chert delivers events only to an https address: n8n must be reachable from the internet over https, with WEBHOOK_URL set to that address (e.g. https://n8n.example.com/).',
		name: 'httpsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { deliveryMode: [DELIVERY_MODE.webhook] } },
	},
	{
		displayName:
			'n8n connects out to Chert and keeps the connection open while the workflow is active; no public URL is needed. Events that happened while n8n was stopped are caught up on start (at most the last 24 hours, 1000 events).',
		name: 'eventStreamNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { deliveryMode: [DELIVERY_MODE.eventStream] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['message.received'],
		description: 'The Chert events that start the workflow',
		options: [
			{
				name: 'All Events',
				value: ALL_EVENTS,
				description: 'Every event Chert sends (Chert subscribes the URL to all events)',
			},
			{
				name: 'Lead Reply (Legacy)',
				value: 'lead_reply',
				description: 'Chert’s older event for a reply; prefer Message Received',
			},
			{
				name: 'Message Received',
				value: 'message.received',
				description: 'A customer sent you a message',
			},
			{
				name: 'Reaction Added',
				value: 'reaction.added',
				description: 'A tapback was put on a message',
			},
			{
				name: 'Reaction Removed',
				value: 'reaction.removed',
				description: 'A tapback was taken off a message',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the files of the message’s media parts from Chert into binary properties of the output item',
			},
			{
				displayName: 'Binary Property Prefix',
				name: 'binaryPropertyPrefix',
				type: 'string',
				default: DEFAULT_BINARY_PREFIX,
				description:
					'With Download Media: the files go to binary properties named this prefix plus the media part’s position, counted from 0 (attachment_0, attachment_1, …)',
			},
		],
	},
];
