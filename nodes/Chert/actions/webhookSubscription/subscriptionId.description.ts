import type { INodeProperties } from 'n8n-workflow';

/** The subscription Get, Update and Delete act on; `purpose` completes "The ID of the webhook subscription …". */
export function subscriptionIdProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Subscription ID',
		name: 'subscriptionId',
		type: 'string',
		required: true,
		default: '={{ $json.subscriptionId }}',
		description: `The ID of the webhook subscription ${purpose}: the subscriptionId of an item from Webhook Subscription → List. Defaults to the subscriptionId of the incoming item.`,
	};
}
