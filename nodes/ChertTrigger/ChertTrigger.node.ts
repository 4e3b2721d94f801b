import {
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { mainConnection } from '../shared/connections';

import { DELIVERY_MODE, properties } from './description';
import { receiveDelivery } from './receive';
import { createSubscription, deleteSubscription, subscriptionExists } from './subscription';
import { startTrigger } from './trigger';

/** In Event Stream mode the node has no webhook: n8n registers none (an empty method is none). */
const WEBHOOK_MODE_ONLY = `$parameter["deliveryMode"] !== "${DELIVERY_MODE.eventStream}"`;

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
		webhooks: [
			{
				name: 'default',
				httpMethod: `={{ ${WEBHOOK_MODE_ONLY} ? "POST" : "" }}`,
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: `={{ !(${WEBHOOK_MODE_ONLY}) }}`,
			},
		],
		properties,
	};

	// Webhook mode: a Chert webhook subscription per webhook URL (production, and the editor's test URL
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

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await startTrigger.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
