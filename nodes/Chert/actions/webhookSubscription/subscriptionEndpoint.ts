import type { IExecuteFunctions } from 'n8n-workflow';

import { validateRequest } from '../../helpers/validate';
import type { FieldLabels } from '../../schemas/issues';
import { subscriptionRequest } from '../../schemas/webhookSubscription';

/** `/webhook-subscriptions/{id}` for the item's Subscription ID, checked before anything is sent. */
export function subscriptionEndpoint(this: IExecuteFunctions, itemIndex: number, labels: FieldLabels): string {
	const { subscriptionId } = validateRequest.call(
		this,
		subscriptionRequest,
		{ subscriptionId: this.getNodeParameter('subscriptionId', itemIndex, '') },
		labels,
		itemIndex,
	);
	return `/webhook-subscriptions/${encodeURIComponent(subscriptionId)}`;
}
