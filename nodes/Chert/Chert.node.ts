import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { mainConnection } from '../shared/connections';

import * as attachment from './actions/attachment';
import * as chat from './actions/chat';
import * as event from './actions/event';
import * as location from './actions/location';
import * as message from './actions/message';
import * as phoneNumber from './actions/phoneNumber';
import * as webhookSubscription from './actions/webhookSubscription';
import { router } from './actions/router';
import { loadOptions } from './methods';

export class Chert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chert',
		name: 'chert',
		icon: { light: 'file:chert.svg', dark: 'file:chert.dark.svg' },
		group: ['output'],
		// 2: Location → Send goes to a phone number by default (see location/send.operation.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Text your customers over iMessage with Chert',
		documentationUrl: 'https://docs.trychert.com',
		defaults: { name: 'Chert' },
		usableAsTool: true,
		inputs: [mainConnection()],
		outputs: [mainConnection()],
		credentials: [{ name: 'chertApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Attachment', value: 'attachment' },
					{ name: 'Chat', value: 'chat' },
					{ name: 'Event', value: 'event' },
					{ name: 'Location', value: 'location' },
					{ name: 'Message', value: 'message' },
					{ name: 'Phone Number', value: 'phoneNumber' },
					{ name: 'Webhook Subscription', value: 'webhookSubscription' },
				],
				default: 'chat',
			},
			...attachment.description,
			...chat.description,
			...event.description,
			...location.description,
			...message.description,
			...phoneNumber.description,
			...webhookSubscription.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
