import { chertNode, requestsFromNow, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

/** Creates a subscription straight through the sandbox's API; returns its id and secret. */
async function subscribe(url: string): Promise<{ id: string; secret: string }> {
	const response = await fetch(`${sandbox.url}/api/v1/webhook-subscriptions`, {
		method: 'POST',
		headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
		body: JSON.stringify({ url }),
	});
	return ((await response.json()) as { subscription: { id: string; secret: string } }).subscription;
}

const subscription = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'webhookSubscription',
	operation,
	...parameters,
});

describe('Webhook Subscription operations, run by n8n against the sandbox', () => {
	it('List → one item per subscription with subscriptionId on top, never a secret; the Active filter', async () => {
		const old = await subscribe('https://old-n8n.example.com/webhook/abc');
		const current = await subscribe('https://n8n.example.com/webhook/abc');
		await runChert(sandbox, [chertNode('Off', subscription('update', { subscriptionId: old.id, active: false }))]);

		const result = await runChert(sandbox, [
			chertNode('All', subscription('list')),
			chertNode('Inactive', subscription('list', { filters: { active: false } }), { executeOnce: true }),
		]);

		expect(result.error).toBeUndefined();
		expect(result.json('All')).toEqual([
			expect.objectContaining({ subscriptionId: old.id, id: old.id, is_active: false }),
			expect.objectContaining({ subscriptionId: current.id, id: current.id, is_active: true }),
		]);
		expect(result.json('Inactive').map((s) => s.id)).toEqual([old.id]);
		const everything = JSON.stringify(result.nodes);
		for (const secret of [old.secret, current.secret]) expect(everything).not.toContain(secret);
	});

	it('Get, Update and Delete chain through {{ $json.subscriptionId }}: the old subscription is gone', async () => {
		const old = await subscribe('https://old-n8n.example.com/webhook/abc');
		const requests = requestsFromNow(sandbox);

		const result = await runChert(
			sandbox,
			[
				chertNode('Get', subscription('get')),
				chertNode('Pause', subscription('update', { active: false })),
				chertNode('Delete', subscription('delete')),
			],
			{ inputItems: [{ subscriptionId: old.id }] },
		);

		expect(result.error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path, r.rawBody])).toEqual([
			['GET', `/api/v1/webhook-subscriptions/${old.id}`, ''],
			['PATCH', `/api/v1/webhook-subscriptions/${old.id}`, '{"is_active":false}'],
			['DELETE', `/api/v1/webhook-subscriptions/${old.id}`, ''],
		]);
		expect(result.json('Get')[0]).toMatchObject({ subscriptionId: old.id, url: 'https://old-n8n.example.com/webhook/abc', is_active: true });
		expect(result.json('Pause')[0]).toMatchObject({ subscriptionId: old.id, is_active: false });
		expect(result.output('Delete')).toEqual([{ json: { subscriptionId: old.id, id: old.id, deleted: true }, pairedItem: { item: 0 } }]);
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(JSON.stringify(result.nodes)).not.toContain(old.secret);
	});

	it.each([
		['Update', 'update', 'PATCH'],
		['Delete', 'delete', 'DELETE'],
	])('%s is never repeated, even after a failure Chert marks retryable', async (_name, operation, method) => {
		const { id } = await subscribe('https://n8n.example.com/webhook/abc');
		const requests = requestsFromNow(sandbox);
		sandbox.injectError({ method, path: `/api/v1/webhook-subscriptions/${id}`, code: 3001, status: 500, retryable: true });

		const result = await runChert(sandbox, [chertNode('Op', subscription(operation, { subscriptionId: id, active: false }))]);

		expect(requests()).toHaveLength(1);
		expect(result.nodes.Op.error).toMatchObject({ message: expect.stringContaining('(Chert error 3001)'), httpCode: '500' });
		expect(sandbox.state.subscriptions.get(id)?.is_active).toBe(true);
	});

	it('with Continue On Fail, an unknown subscription is an error item paired to its input, the others go through', async () => {
		const { id } = await subscribe('https://n8n.example.com/webhook/abc');

		const result = await runChert(sandbox, [chertNode('Delete', subscription('delete'), { onError: 'continueRegularOutput' })], {
			inputItems: [{ subscriptionId: 'sub_nope' }, { subscriptionId: id }],
		});

		expect(result.output('Delete').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.json('Delete')).toEqual([
			expect.objectContaining({ code: 1002, httpStatus: 404, traceId: expect.any(String) }),
			{ subscriptionId: id, id, deleted: true },
		]);
	});

	it('refuses an empty Subscription ID before sending anything, naming the item', async () => {
		const result = await runChert(sandbox, [chertNode('Delete', subscription('delete'))], {
			inputItems: [{ subscriptionId: 's1' }, {}],
		});

		expect(result.nodes.Delete.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 2: "Subscription ID" is required: use the subscriptionId of an item from Webhook Subscription → List/),
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
