import { subscriptionRequest, updateSubscriptionRequest } from '../../../nodes/Chert/schemas/webhookSubscription';

describe('webhook subscription requests', () => {
	it('need a subscription id, trimmed', () => {
		expect(subscriptionRequest.parse({ subscriptionId: ' s1 ' })).toEqual({ subscriptionId: 's1' });
		expect(subscriptionRequest.safeParse({ subscriptionId: undefined }).success).toBe(false);
	});

	it('PATCH sends is_active, a boolean, and nothing Chert does not document', () => {
		expect(updateSubscriptionRequest.parse({ subscriptionId: 's1', body: { is_active: false } }).body).toEqual({ is_active: false });
		expect(updateSubscriptionRequest.safeParse({ subscriptionId: 's1', body: { is_active: 'no' } }).success).toBe(false);
		expect(updateSubscriptionRequest.safeParse({ subscriptionId: 's1', body: { is_active: true, url: 'https://x' } }).success).toBe(false);
	});
});
