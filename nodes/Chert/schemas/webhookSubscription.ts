import { z } from 'zod';

import { idOf } from './fields';

export const subscriptionId = idOf('use the subscriptionId of an item from Webhook Subscription → List');

/** `GET` and `DELETE /webhook-subscriptions/{id}`. */
export const subscriptionRequest = z.object({ subscriptionId }).strict();

/** `PATCH /webhook-subscriptions/{id}`: Chert documents `is_active` and no other field. */
export const updateSubscriptionRequest = z
	.object({ subscriptionId, body: z.object({ is_active: z.boolean() }).strict() })
	.strict();
