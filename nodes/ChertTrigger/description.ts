import type { INodeProperties } from 'n8n-workflow';

import { ALL_EVENTS } from './events';

export const DEFAULT_BINARY_PREFIX = 'attachment_';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Chert delivers events only to an https address: n8n must be reachable from the internet over https, with WEBHOOK_URL set to that address (e.g. https://n8n.example.com/).',
		name: 'httpsNotice',
		type: 'notice',
		default: '',
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
