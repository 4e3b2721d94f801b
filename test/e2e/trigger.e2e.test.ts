/**
 * The Chert Trigger in a real n8n (the provisioned version, `n8n start`), against the
 * sandbox, which reaches n8n over http only because it is started with allowHttpWebhooks
 * (Chert itself documents https URLs). An active workflow "Chert Trigger → Reply" is
 * activated by n8n at start (that activation subscribes at the sandbox), receives signed
 * deliveries, refuses bad ones with nothing executed, and its deactivation through the REST
 * API deletes the subscription.
 */
import { startSandbox } from '../sandbox';
import { N8n } from './lib/n8n';
import { chertCredential, chertNode, chertTriggerNode, workflow } from './lib/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const WORKFLOW_ID = 'e2etrigger000001';
const WEBHOOK_ID = '7b0c2a4e-1111-4000-8000-00000000c4e7';
const SENDER = '+15550000001';
const ANA = '+14155550123';

let sandbox: Sandbox;
let n8n: N8n;
const timings: Record<string, number> = {};

beforeAll(async () => {
	const started = Date.now();
	sandbox = await startSandbox({ allowHttpWebhooks: true, webhookRetryDelaysMs: [200, 400, 800] });
	n8n = await new N8n().prepare();
	await n8n.importCredentials([chertCredential(sandbox.url, sandbox.signingSecret)]);
	await n8n.importWorkflow(
		workflow(WORKFLOW_ID, 'Chert Trigger → Reply', [
			chertTriggerNode({ events: ['message.received'] }, WEBHOOK_ID),
			chertNode('Reply', {
				resource: 'message',
				operation: 'send',
				parts: { part: [{ type: 'text', text: '=Got it: {{ $json.text }}' }] },
			}, [220, 0]),
		]),
	);
	await n8n.publishWorkflow(WORKFLOW_ID);
	const boot = Date.now();
	await n8n.start();
	timings.n8nStartMs = Date.now() - boot;
	await n8n.loginOwner();
	await waitFor(() => sandbox.state.subscriptions.size === 1, 'the subscription n8n makes when it activates the workflow');
	timings.setupMs = Date.now() - started;
});

afterAll(async () => {
	await n8n?.stop();
	n8n?.cleanUp();
	await sandbox?.close();
	// Measured numbers for the report (seen with --verbose or in CI's log).
	console.log(`[trigger e2e] ${JSON.stringify(timings)}`);
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}; n8n's log: ${n8n.logDir}/server.out`);
}

/** n8n's executions of the workflow, newest first. */
async function executions(): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
	const response = await n8n.rest('GET', `/rest/executions?filter=${filter}`);
	expect(response.status).toBe(200);
	return response.json.data.results;
}

type Reply = { path: string; body: { message: { parts: unknown[] } } };
const replies = () =>
	sandbox.state.requests.filter((r) => r.method === 'POST' && /^\/api\/v1\/chats\/[^/]+\/messages$/.test(r.path)) as unknown as Reply[];

async function seedChat(): Promise<string> {
	const body = JSON.stringify({ from: SENDER, to: [ANA], message: { parts: [{ type: 'text', value: 'Your order shipped' }] } });
	const response = await fetch(`${sandbox.url}/api/v1/chats`, { method: 'POST', headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' }, body });
	return ((await response.json()) as { chat: { id: string } }).chat.id;
}

let chatId: string;
let firstEvent: Parameters<Sandbox['deliverEvent']>[1];

describe('an active Chert Trigger in n8n', () => {
	it('was subscribed at Chert by n8n’s activation, for its production URL', () => {
		const [subscription] = [...sandbox.state.subscriptions.values()];
		expect(subscription).toMatchObject({
			url: `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`,
			events: ['message.received'],
			is_active: true,
		});
		const create = sandbox.state.requests.find((r: { method: string }) => r.method === 'POST');
		expect(create).toMatchObject({ path: '/api/v1/webhook-subscriptions', status: 200 });
	});

	it('runs on a signed delivery and replies in the chat the message came from', async () => {
		chatId = await seedChat();
		const sent = Date.now();
		const { event, deliveries } = sandbox.addInboundMessage({ chatId, text: 'Is it shipped?' });
		firstEvent = event;
		const [delivery] = await deliveries;
		expect(delivery).toMatchObject({ status: 200, attempt: 1 });
		await waitFor(() => replies().length === 1, 'the reply');
		timings.deliveryToReplyMs = Date.now() - sent;

		const [reply] = replies();
		expect(reply.path).toBe(`/api/v1/chats/${chatId}/messages`);
		expect(reply.body.message.parts).toEqual([{ type: 'text', value: 'Got it: Is it shipped?' }]);
		await waitFor(async () => (await executions()).some((e) => e.status === 'success'), 'a successful execution');
		expect(await executions()).toHaveLength(1);
	});

	it.each([
		['signed with another secret', { tamper: 'wrong-secret' }],
		['body altered after signing', { tamper: 'altered-body' }],
		['stale timestamp (600 s old)', { tamper: 'stale-timestamp' }],
		['no signature header', { tamper: 'missing-signature' }],
		['malformed signature header', { tamper: 'malformed-signature' }],
	] as const)('refuses a delivery %s (401) and executes nothing', async (_name, options) => {
		const subscriptionId = [...sandbox.state.subscriptions.keys()][0];
		const { event } = sandbox.addInboundMessage({ chatId, text: 'forged', deliver: false });
		const repliesBefore = replies().length;
		const delivery = await sandbox.deliverEvent(subscriptionId, event, options);
		expect({ status: delivery.status, body: delivery.responseBody }).toEqual({
			status: 401,
			body: JSON.stringify({ error: 'Invalid or missing Chert signature' }),
		});
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(replies()).toHaveLength(repliesBefore);
		expect(await executions()).toHaveLength(1);
	});

	it('answers a replayed event id 200 and executes nothing', async () => {
		const subscriptionId = [...sandbox.state.subscriptions.keys()][0];
		const delivery = await sandbox.deliverEvent(subscriptionId, firstEvent, { signatureFormat: 'legacy', signatureHeader: 'x-chert-signature' });
		expect(delivery).toMatchObject({ status: 200, responseBody: JSON.stringify({ received: true, started: false, reason: 'duplicate event_id' }) });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(replies()).toHaveLength(1);
		expect(await executions()).toHaveLength(1);
	});

	it('takes the legacy signature, the other header and the nested payload.data shape', async () => {
		const subscriptionId = [...sandbox.state.subscriptions.keys()][0];
		const { event } = sandbox.addInboundMessage({ chatId, text: 'Nested', deliver: false });
		const delivery = await sandbox.deliverEvent(subscriptionId, event, { signatureFormat: 'legacy', signatureHeader: 'x-chert-signature', shape: 'payload.data', bodyFormat: 'pretty' });
		expect(delivery.status).toBe(200);
		await waitFor(() => replies().length === 2, 'the second reply');
		expect(replies()[1].body.message.parts).toEqual([{ type: 'text', value: 'Got it: Nested' }]);
	});

	it('“Listen for test event” subscribes the test URL beside the production one, runs once, then deletes it', async () => {
		const [production] = [...sandbox.state.subscriptions.values()];
		const run = await n8n.runFromTrigger(WORKFLOW_ID, 'Chert Trigger');
		expect(run.status).toBe(200);
		expect(run.json.data).toMatchObject({ waitingForWebhook: true });
		await waitFor(() => sandbox.state.subscriptions.size === 2, 'the test subscription');
		const test = [...sandbox.state.subscriptions.values()].find((s) => s.id !== production.id)!;
		expect(test.url).toBe(`${n8n.baseUrl}/webhook-test/${WEBHOOK_ID}/webhook`);

		const { event } = sandbox.addInboundMessage({ chatId, text: 'From the editor', deliver: false });
		expect((await sandbox.deliverEvent(test.id, event, { tamper: 'wrong-secret' })).status).toBe(401);
		expect((await sandbox.deliverEvent(test.id, event)).status).toBe(200);
		await waitFor(() => replies().length === 3, 'the reply of the test run');
		expect(replies()[2].body.message.parts).toEqual([{ type: 'text', value: 'Got it: From the editor' }]);
		await waitFor(() => sandbox.state.subscriptions.size === 1, 'the test subscription to be deleted');
		expect([...sandbox.state.subscriptions.keys()]).toEqual([production.id]);
		expect(sandbox.state.requests.some((r: { method: string; path: string }) => r.method === 'DELETE' && r.path.endsWith(test.id))).toBe(true);
	});

	it('deactivated through the REST API, deletes its subscription at Chert, and n8n stops taking deliveries', async () => {
		const [subscription] = [...sandbox.state.subscriptions.values()];
		const response = await n8n.deactivateWorkflow(WORKFLOW_ID);
		expect(response.status).toBe(200);
		await waitFor(() => sandbox.state.subscriptions.size === 0, 'the subscription to be deleted');
		expect(sandbox.state.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/api/v1/webhook-subscriptions/${subscription.id}`, status: 200 });

		// Sent anyway (as if Chert still had it): n8n no longer has the webhook.
		sandbox.state.subscriptions.set(subscription.id, subscription);
		const { event } = sandbox.addInboundMessage({ chatId, text: 'late', deliver: false });
		expect((await sandbox.deliverEvent(subscription.id, event)).status).toBe(404);
		sandbox.state.subscriptions.delete(subscription.id);
		expect((await executions()).filter((e) => e.status === 'success')).toHaveLength(3);
	});
});
