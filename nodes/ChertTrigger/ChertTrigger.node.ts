import {
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { mainConnection } from '../shared/connections';

import { properties } from './description';
import { receiveDelivery } from './receive';
import { createSubscription, deleteSubscription, subscriptionExists } from './subscription';

export class ChertTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chert Trigger',
		name: 'chertTrigger',
		icon: { light: 'file:../Chert/chert.svg', dark: 'file:../Chert/chert.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when a customer texts you, or reacts, over Chert',
		documentationUrl: 'https://docs.trychert.com',
		defaults: { name: 'Chert Trigger' },
		inputs: [],
		outputs: [mainConnection()],
		credentials: [{ name: 'chertApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties,
	};

	// A Chert webhook subscription per webhook URL (production, and the editor's test URL
	// while it listens), created on activation and deleted on deactivation.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscription.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscription.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
