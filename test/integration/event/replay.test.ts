import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { chertNode, requestsFromNow, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox({ allowHttpWebhooks: true, webhookRetryDelaysMs: [] });
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

/** The customer's webhook endpoint: answers each delivery with the next status queued, then 200. */
let endpoint: Server;
let endpointUrl = '';
const answers: number[] = [];
beforeAll(async () => {
	endpoint = createServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(answers.shift() ?? 200).end());
	});
	await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
	endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`;
});
afterAll(async () => await new Promise((resolve) => endpoint.close(resolve)));
beforeEach(() => (answers.length = 0));

async function subscribe(): Promise<string> {
	const response = await fetch(`${sandbox.url}/api/v1/webhook-subscriptions`, {
		method: 'POST',
		headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
		body: JSON.stringify({ url: endpointUrl }),
	});
	return ((await response.json()) as { subscription: { id: string } }).subscription.id;
}

const replay = (parameters: Record<string, unknown> = {}) => ({ resource: 'event', operation: 'replay', ...parameters });

describe('Event → Replay, run by n8n against the sandbox', () => {
	it('re-fires the event to the subscription named (?subscription_id=) and outputs Chert’s answer', async () => {
		const subscriptionId = await subscribe();
		const { event } = sandbox.addEvent({ type: 'message.received', data: {}, deliver: false });
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Replay', replay({ subscriptionId }))], { inputItems: [{ eventId: event.id }] });

		expect(result.error).toBeUndefined();
		expect(requests()).toHaveLength(1);
		expect(sandbox.state.requests[sandbox.state.requests.length - 1]).toMatchObject({
			method: 'POST',
			path: `/api/v1/events/${event.id}/replay`,
			query: { subscription_id: subscriptionId },
			rawBody: '',
		});
		expect(result.output('Replay')[0]).toEqual({
			json: { eventId: event.id, ok: true, error: null, downstream_status: 200 },
			pairedItem: { item: 0 },
		});
		expect(sandbox.state.webhookDeliveries.map((d) => d.subscriptionId)).toEqual([subscriptionId]);
	});

	it('never repeats a replay whose delivery failed (502 / 3004, retryable), and says why in the error', async () => {
		await subscribe();
		const { event } = sandbox.addEvent({ type: 'message.received', data: {}, deliver: false });
		answers.push(500, 500, 500);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Replay', replay({ eventId: event.id }))]);

		expect(requests()).toHaveLength(1);
		expect(sandbox.state.webhookDeliveries).toHaveLength(1);
		expect(result.nodes.Replay.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 3004)'),
			description: expect.stringMatching(/retryable.*did not repeat it.*Trace ID: [0-9a-f]{32}/s),
			httpCode: '502',
		});
	});

	it('with Continue On Fail: 2011 and 1002 as error items carrying code, retryable and trace id, each paired', async () => {
		const { event } = sandbox.addEvent({ type: 'message.received', data: {}, deliver: false });

		const result = await runChert(sandbox, [chertNode('Replay', replay(), { onError: 'continueRegularOutput' })], {
			inputItems: [{ eventId: 'evt_nope' }, { eventId: event.id }],
		});

		expect(result.output('Replay').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.json('Replay')).toEqual([
			expect.objectContaining({ code: 2011, httpStatus: 404, retryable: false, traceId: expect.any(String) }),
			expect.objectContaining({ code: 1002, httpStatus: 400, retryable: false, traceId: expect.any(String) }),
		]);
	});

	it('refuses an empty Event ID before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Replay', replay({ eventId: '={{ $json.eventId }}' }))]);

		expect(result.nodes.Replay.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Event ID" is required/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
