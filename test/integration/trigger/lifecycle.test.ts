/**
 * The trigger's webhook subscription at Chert through n8n-core's HookContext: created on
 * activation with its id and secret kept in the workflow's static data, found again by
 * checkExists, deleted on deactivation; also for the editor's test URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WebhookHarness } from '../../helpers/webhook-runner';
import { startSandbox, type Sandbox } from '../chert-workflow';
import { onlySubscription, TRIGGER, useTrigger } from './trigger-workflow';

const NODE_DATA = `node:${TRIGGER}`;
const trigger = useTrigger({  });
let sandbox: Sandbox;
beforeEach(() => (sandbox = trigger.sandbox()));

const nodeData = (h: WebhookHarness) => h.staticData[NODE_DATA] as Record<string, unknown> | undefined;

describe('activation', () => {
	it('subscribes the production webhook URL to the chosen events and keeps id and secret', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const subscription = onlySubscription(sandbox);
		expect(subscription).toMatchObject({ url: harness.webhookUrl('production'), events: ['message.received'], is_active: true });
		expect(subscription.url).toMatch(/\/webhook\/5c1f3d0e-0000-4000-8000-00000000c0de\/webhook$/);
		expect(nodeData(harness)).toEqual({ subscriptionId: subscription.id, secret: subscription.secret });
		expect(harness.hookCalls).toEqual([
			['production', 'checkExists', false],
			['production', 'create', true],
		]);
		const create = sandbox.state.requests.find((r) => r.method === 'POST');
		expect(create?.body).toEqual({ url: harness.webhookUrl('production'), events: ['message.received'] });
	});

	it('asks for every event (Chert: empty = all) with All Events, and for the chosen ones sorted', async () => {
		const harness = await trigger.start(sandbox, { events: ['*'] });
		await harness.activate();
		expect(onlySubscription(sandbox).events).toEqual([]);
		await harness.close();
		sandbox.reset();
		const chosen = await trigger.start(sandbox, { events: ['reaction.removed', 'message.received', 'reaction.added'] });
		await chosen.activate();
		expect(onlySubscription(sandbox).events).toEqual(['message.received', 'reaction.added', 'reaction.removed']);
	});

	it('refuses an empty event list before calling Chert', async () => {
		const harness = await trigger.start(sandbox, { events: [] });
		await expect(harness.activate()).rejects.toThrow('Choose at least one event to listen to');
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('checkExists finds its subscription again: a re-activation creates nothing', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const before = structuredClone(harness.staticData);
		await harness.activate();
		expect(harness.hookCalls.slice(2)).toEqual([['production', 'checkExists', true]]);
		expect(sandbox.state.subscriptions.size).toBe(1);
		expect(harness.staticData).toEqual(before);
	});

	it('checkExists forgets a subscription Chert no longer has (404), and activation makes a new one', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const first = onlySubscription(sandbox);
		sandbox.state.subscriptions.clear();
		expect(await harness.checkExists()).toBe(false);
		await harness.activate();
		const second = onlySubscription(sandbox);
		expect(second.id).not.toBe(first.id);
		expect(nodeData(harness)).toEqual({ subscriptionId: second.id, secret: second.secret });
	});

	it.each([
		['inactive', (s: Sandbox, id: string) => Object.assign(s.state.subscriptions.get(id)!, { is_active: false })],
		['for other events', (s: Sandbox, id: string) => Object.assign(s.state.subscriptions.get(id)!, { events: ['reaction.added'] })],
	])('replaces its subscription when Chert has it %s (deleting the old one)', async (_name, change) => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const first = onlySubscription(sandbox);
		change(sandbox, first.id);
		await harness.activate();
		const second = onlySubscription(sandbox);
		expect(second.id).not.toBe(first.id);
		expect(second).toMatchObject({ is_active: true, events: ['message.received'] });
		expect(sandbox.state.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(first.id))).toBe(true);
	});

	it('says Chert requires https, and how to set WEBHOOK_URL, when Chert refuses the http URL', async () => {
		const strict = await startSandbox();
		try {
			const harness = await trigger.start(strict);
			const error = await harness.activate().then(() => undefined, (e: unknown) => e as Error & { description?: string });
			expect(error?.message).toBe(`Chert requires an https webhook URL, and n8n’s is ${harness.webhookUrl('production')}`);
			expect(error?.description).toContain('WEBHOOK_URL=https://');
			expect(error?.description).toContain('`url` must be an absolute https URL');
			expect(strict.state.subscriptions.size).toBe(0);
			expect(JSON.stringify(error)).not.toContain(strict.signingSecret);
		} finally {
			await strict.close();
		}
	});

	it('fails, and takes the subscription back, when Chert returns no secret', async () => {
		const seen: string[] = [];
		const stub = http.createServer((req, res) => {
			seen.push(`${req.method} ${req.url}`);
			res.setHeader('content-type', 'application/json');
			res.end(req.method === 'POST' ? JSON.stringify({ subscription: { id: 'sub_1', url: 'x', events: [] } }) : '{}');
		});
		await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
		try {
			const harness = await trigger.start(sandbox, {}, { baseUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}` });
			await expect(harness.activate()).rejects.toThrow('Chert did not return the webhook subscription’s signing secret');
			expect(seen).toEqual(['POST /api/v1/webhook-subscriptions', 'DELETE /api/v1/webhook-subscriptions/sub_1']);
			expect(nodeData(harness) ?? {}).toEqual({});
		} finally {
			await new Promise((resolve) => stub.close(resolve));
		}
	});

	it('sends the subscription request once: a lost answer is not repeated into a second subscription', async () => {
		const harness = await trigger.start(sandbox);
		sandbox.injectFault({ kind: 'drop', method: 'POST', path: '/api/v1/webhook-subscriptions' });
		await expect(harness.activate()).rejects.toThrow(/Could not reach Chert/);
		await sandbox.idle();
		expect(sandbox.state.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});
});

describe('deactivation', () => {
	it('deletes the subscription at Chert and clears the static data', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const { id } = onlySubscription(sandbox);
		expect(await harness.deactivate()).toBe(true);
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(sandbox.state.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/api/v1/webhook-subscriptions/${id}`, status: 200 });
		expect(nodeData(harness) ?? {}).toEqual({});
	});

	it('counts a subscription Chert no longer has as deleted', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		sandbox.state.subscriptions.clear();
		expect(await harness.deactivate()).toBe(true);
		expect(sandbox.state.requests.at(-1)?.status).toBe(404);
		expect(nodeData(harness) ?? {}).toEqual({});
	});

	it('keeps id and secret when Chert cannot delete now, so the next activation finds it', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const kept = structuredClone(harness.staticData);
		sandbox.injectError({ method: 'DELETE', code: 3001, status: 500, times: 3 });
		expect(await harness.deactivate()).toBe(false);
		expect(harness.staticData).toEqual(kept);
		await harness.activate();
		expect(harness.hookCalls.at(-1)).toEqual(['production', 'checkExists', true]);
	});
});

describe('"Listen for test event"', () => {
	it('subscribes the test URL with its own static data, leaving the production one alone', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const production = onlySubscription(sandbox);
		const saved = structuredClone(harness.staticData);

		await harness.listenForTestEvent();
		expect(harness.hookCalls.slice(-2)).toEqual([
			['test', 'checkExists', false],
			['test', 'create', true],
		]);
		const test = [...sandbox.state.subscriptions.values()].find((s) => s.id !== production.id);
		expect(test?.url).toBe(harness.webhookUrl('test'));
		expect(test?.url).toContain('/webhook-test/');
		expect(harness.staticData).toEqual(saved);

		expect(await harness.stopListening()).toBe(true);
		expect([...sandbox.state.subscriptions.keys()]).toEqual([production.id]);
		expect(harness.staticData).toEqual(saved);
	});
});
