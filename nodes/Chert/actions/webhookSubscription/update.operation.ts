import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { validateRequest } from '../../helpers/validate';
import { updateSubscriptionRequest } from '../../schemas/webhookSubscription';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { singleAttemptOptions } from '../options.description';
import { sendOnce } from '../sendOnce';
import { subscriptionOf, subscriptionOutput } from './rows';
import { subscriptionIdProperty } from './subscriptionId.description';

const properties: INodeProperties[] = [
	subscriptionIdProperty('to turn on or off'),
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether Chert delivers events to this subscription (off pauses it without deleting it)',
	},
	singleAttemptOptions(),
];

export const description = showOnlyFor({ resource: ['webhookSubscription'], operation: ['update'] }, properties);

const labels = requestLabels(properties, { subscriptionId: 'subscriptionId', 'body.is_active': 'active' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { subscriptionId, body } = validateRequest.call(
		this,
		updateSubscriptionRequest,
		{
			subscriptionId: this.getNodeParameter('subscriptionId', itemIndex, ''),
			body: { is_active: this.getNodeParameter('active', itemIndex, true) },
		},
		labels,
		itemIndex,
	);
	return {
		method: 'PATCH',
		endpoint: `/webhook-subscriptions/${encodeURIComponent(subscriptionId)}`,
		body,
		repeatable: false,
	};
}

/** Chert does not document PATCH as idempotent: sent once. */
export const execute = sendOnce;

/** Chert does not show this answer: the subscription, wrapped or bare, without secrets. */
export function toOutput(response: Record<string, unknown>): IDataObject {
	return subscriptionOutput(subscriptionOf(response));
}
