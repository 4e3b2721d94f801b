import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { validateRequest } from '../../helpers/validate';
import { replayEventRequest } from '../../schemas/event';
import type { ChertRequest } from '../../../shared/transport/request.types';
import type { ChertExecute } from '../operation.types';
import { singleAttemptOptions } from '../options.description';
import { sendOnce } from '../sendOnce';
import { eventIdProperty } from './eventId.description';

const properties: INodeProperties[] = [
	eventIdProperty('to deliver again'),
	{
		displayName: 'Subscription ID',
		name: 'subscriptionId',
		type: 'string',
		default: '',
		description:
			'The webhook subscription to deliver it to (its subscriptionId from Webhook Subscription → List). Leave empty to let Chert choose.',
	},
	singleAttemptOptions(),
];

export const description = showOnlyFor({ resource: ['event'], operation: ['replay'] }, properties);

const labels = requestLabels(properties, { eventId: 'eventId', 'qs.subscription_id': 'subscriptionId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const subscriptionId = this.getNodeParameter('subscriptionId', itemIndex, '');
	const { eventId, qs } = validateRequest.call(
		this,
		replayEventRequest,
		{ eventId: this.getNodeParameter('eventId', itemIndex, ''), qs: { subscription_id: subscriptionId || undefined } },
		labels,
		itemIndex,
	);
	return {
		method: 'POST',
		endpoint: `/events/${encodeURIComponent(eventId)}/replay`,
		...(qs.subscription_id === undefined ? {} : { qs: { subscription_id: qs.subscription_id } }),
		repeatable: false,
	};
}

/**
 * Each replay is one more delivery to the endpoint; Chert does not document it as idempotent,
 * so a failure Chert calls retryable (3004) is reported, never repeated.
 */
export const execute: ChertExecute = async function (request, itemIndex, delivery) {
	const response = await sendOnce.call(this, request, itemIndex, delivery);
	return { eventId: String(this.getNodeParameter('eventId', itemIndex, '')).trim(), ...response };
};

/** Chert's `{ ok, error, downstream_status }`, with the event's id on top. */
export function toOutput(response: Record<string, unknown>): IDataObject {
	return response as IDataObject;
}
