/**
 * Bulk sends: Max Concurrent Requests and Max Messages per Second, run by n8n's engine against
 * the sandbox. Everything is checked from the sandbox's request log (when each request
 * arrived and was answered), not from how long a run took.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	SENDER,
	apiRequests,
	chertNode,
	createChatParams,
	runChert,
	type ReceivedRequest,
	type Sandbox,
	useSandbox,
} from './chert-workflow';

// Answers take 20–100 ms, so requests sent together are answered in another order.
const sandboxOf = useSandbox({ latencyMs: 20, latencyJitterMs: 80 });
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

/** `count` distinct recipients, as input items. */
const recipients = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ to: `+1415556${String(index).padStart(4, '0')}` }));

function bulkNode(options: INodeParameters, extra = {}) {
	return chertNode('Chert', createChatParams({ from: '={{ $json.from }}', to: '={{ $json.to }}', options }), extra);
}

const ms = (iso: string | undefined) => Date.parse(iso ?? '');
const recipientOf = (request: ReceivedRequest) => JSON.parse(request.rawBody).to[0] as string;

/** The most requests Chert was handling at once: arrived and not yet answered. */
function mostInFlight(requests: ReceivedRequest[]): number {
	return Math.max(
		...requests.map(
			(request) => requests.filter((other) => ms(other.at) <= ms(request.at) && ms(request.at) < ms(other.answeredAt)).length,
		),
	);
}

describe('Max Concurrent Requests', () => {
	it('keeps outputs in input order and paired when answers come back in another order', async () => {
		const inputs = recipients(20);
		const result = await runChert(sandbox, [bulkNode({ maxConcurrency: 5 })], {
			inputItems: inputs.map((input) => ({ ...input, from: SENDER })),
		});

		expect(result.error).toBeUndefined();
		const items = result.output('Chert');
		expect(items.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		items.forEach((item, index) => expect(item.json.chat).toMatchObject({ handles: [{ address: inputs[index].to }] }));
		// Chert really did answer out of order, and never had more than 5 requests at once.
		const answerOrder = [...sandbox.state.messagesDelivered].map((delivery) => delivery.to[0]);
		expect(answerOrder).not.toEqual(inputs.map((input) => input.to));
		expect(mostInFlight(apiRequests(sandbox))).toBe(5);
		for (const { to } of inputs) expect(sandbox.deliveredTo(to)).toBe(1);
	});

	it('reads the credential once per node run, not once per item', async () => {
		const result = await runChert(sandbox, [bulkNode({ maxConcurrency: 5 })], {
			inputItems: recipients(12).map((input) => ({ ...input, from: SENDER })),
		});
		expect(result.output('Chert')).toHaveLength(12);
		expect(result.credentialsHelper.decryptRequests.filter((request) => request.type === 'chertApi')).toHaveLength(1);
		// Every request was still authenticated by n8n with it.
		expect(apiRequests(sandbox).every((request) => request.headers.authorization === `Bearer ${sandbox.signingSecret}`)).toBe(true);
	});

	it('sends one item at a time by default', async () => {
		await runChert(sandbox, [bulkNode({})], { inputItems: recipients(5).map((input) => ({ ...input, from: SENDER })) });
		const requests = apiRequests(sandbox);
		expect(requests.map(recipientOf)).toEqual(recipients(5).map((input) => input.to));
		expect(mostInFlight(requests)).toBe(1);
	});

	it('with Continue On Fail, keeps each error on its own item, in its place', async () => {
		const inputs = recipients(10).map((input, index) => ({
			...input,
			// Item 3 is refused by Chert (not our number), item 6 fails validation before sending.
			from: index === 3 ? '+15559999999' : SENDER,
			...(index === 6 ? { to: 'not-a-number' } : {}),
		}));
		const result = await runChert(sandbox, [bulkNode({ maxConcurrency: 4 }, { onError: 'continueRegularOutput' })], {
			inputItems: inputs,
		});

		const items = result.output('Chert');
		expect(items.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		expect(items[3].json).toMatchObject({ code: 2006, error: expect.stringContaining('2006') });
		expect(items[6].json.error).toMatch(/^Item 7: "To"/);
		items.forEach((item, index) => {
			if (index === 3 || index === 6) expect(item.json.chatId).toBeUndefined();
			else expect(item.json.chat).toMatchObject({ handles: [{ address: inputs[index].to }] });
		});
		expect(sandbox.state.messagesDelivered).toHaveLength(8);
	});

	it('without Continue On Fail, starts nothing after a failure, lets the requests in flight finish, then fails with that item', async () => {
		const inputs = recipients(40).map((input, index) => ({ ...input, from: index === 6 ? '+15559999999' : SENDER }));
		const result = await runChert(sandbox, [bulkNode({ maxConcurrency: 4 })], { inputItems: inputs });

		expect(result.nodes.Chert.error).toMatchObject({
			message: expect.stringContaining('2006'),
			context: expect.objectContaining({ itemIndex: 6 }),
		});
		const requests = apiRequests(sandbox);
		const refused = requests.find((request) => request.status === 403);
		// Sending stopped: only the other slots, busy before the node heard of the refusal,
		// can have sent after it was answered.
		expect(requests.length).toBeLessThan(inputs.length);
		expect(requests.filter((request) => ms(request.at) > ms(refused?.answeredAt)).length).toBeLessThanOrEqual(3);
		// The node failed only once every request in flight had its answer.
		const run = result.nodes.Chert.runs[0];
		const lastAnswer = Math.max(...requests.map((request) => ms(request.answeredAt)));
		expect(run.startTime + run.executionTime).toBeGreaterThanOrEqual(lastAnswer);
	});
});

describe('a pause Chert asks for holds every request of the run', () => {
	it('429 with retry_after: no request is sent until it has passed, then all go out once', async () => {
		const inputs = recipients(20).map((input) => ({ ...input, from: SENDER }));
		sandbox.injectError({ code: 1007, status: 429, retry_after: 1, method: 'POST', path: '/api/v1/chats', skip: 7 });
		const result = await runChert(sandbox, [bulkNode({ maxConcurrency: 5 })], { inputItems: inputs });

		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		const limited = requests.find((request) => request.fault === 'error');
		const pausedFrom = ms(limited?.answeredAt);
		// Other slots may send until the node has heard the 429 (a few ms; more on a busy
		// machine): from 200 ms on, nothing until the second has passed.
		const sentDuringPause = requests.filter((request) => ms(request.at) > pausedFrom + 200 && ms(request.at) < pausedFrom + 1000);
		expect(sentDuringPause).toEqual([]);
		// Several requests were waiting (not only the one told to wait), and went out after.
		expect(requests.filter((request) => ms(request.at) >= pausedFrom + 1000).length).toBeGreaterThan(5);
		expect(result.output('Chert').map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		for (const { to } of inputs) expect(sandbox.deliveredTo(to)).toBe(1);
	});

	it('503 / 4002 with retry_after pauses the run the same way', async () => {
		const inputs = recipients(30).map((input) => ({ ...input, from: SENDER }));
		sandbox.injectError({ code: 4002, status: 503, retry_after: 1, method: 'POST', path: '/api/v1/chats', skip: 4 });
		await runChert(sandbox, [bulkNode({ maxConcurrency: 3 })], { inputItems: inputs });

		const requests = apiRequests(sandbox);
		const pausedFrom = ms(requests.find((request) => request.fault === 'error')?.answeredAt);
		expect(requests.filter((request) => ms(request.at) > pausedFrom + 200 && ms(request.at) < pausedFrom + 1000)).toEqual([]);
		for (const { to } of inputs) expect(sandbox.deliveredTo(to)).toBe(1);
	});
});

describe('Max Messages per Second', () => {
	it('spaces requests at the rate, also with several in flight', async () => {
		const inputs = recipients(15).map((input) => ({ ...input, from: SENDER }));
		await runChert(sandbox, [bulkNode({ maxConcurrency: 5, maxPerSecond: 10 })], { inputItems: inputs });

		const arrivals = apiRequests(sandbox).map((request) => ms(request.at));
		expect(arrivals).toHaveLength(15);
		// Sent 100 ms apart. Arrival times carry the noise of a loaded machine (one request held
		// up on its way makes one short gap after it, and shortens the span), so the spacing is
		// read from the median gap; unpaced, 5 in flight, it would be about 0.
		const gaps = arrivals
			.slice(1)
			.map((at, index) => at - arrivals[index])
			.sort((a, b) => a - b);
		expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(90);
		// In any second, at most the limit (plus one for the noise at the window's edges).
		const perSecond = arrivals.map((start) => arrivals.filter((at) => at >= start && at < start + 1000).length);
		expect(Math.max(...perSecond)).toBeLessThanOrEqual(11);
		for (const { to } of inputs) expect(sandbox.deliveredTo(to)).toBe(1);
	});

	it('counts retries too', async () => {
		const inputs = recipients(6).map((input) => ({ ...input, from: SENDER }));
		sandbox.injectError({ code: 3001, status: 500, method: 'POST', path: '/api/v1/chats', times: 3 });
		await runChert(sandbox, [bulkNode({ maxConcurrency: 6, maxPerSecond: 20 })], { inputItems: inputs });

		const arrivals = apiRequests(sandbox).map((request) => ms(request.at));
		expect(arrivals.length).toBe(9);
		const sorted = [...arrivals].sort((a, b) => a - b);
		const gaps = sorted.slice(1).map((at, index) => at - sorted[index]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30);
		for (const { to } of inputs) expect(sandbox.deliveredTo(to)).toBe(1);
	});
});

describe('self-pacing with several in flight', () => {
	// Every answer after exactly 60 ms: requests sent together would be answered together, on
	// every round trip, unless the node spreads them.
	const steadySandboxOf = useSandbox({ latencyMs: 60 });

	it('spreads requests over the round trip instead of sending them in bursts', async () => {
		const steady = steadySandboxOf();
		const inputs = recipients(60).map((input) => ({ ...input, from: SENDER }));
		const result = await runChert(steady, [bulkNode({ maxConcurrency: 5 })], { inputItems: inputs });

		expect(result.output('Chert').map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		const requests = apiRequests(steady);
		const arrivals = requests.map((request) => ms(request.at)).sort((a, b) => a - b);
		// The first five go out together (no round trip measured yet); from the third round
		// trip on, requests are about 0.9 × 60 / 5 ≈ 11 ms apart. In bursts, most gaps are 0–1 ms.
		const later = arrivals.slice(15);
		const gaps = later.slice(1).map((at, index) => at - later[index]);
		const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
		expect(median).toBeGreaterThanOrEqual(6);
		// Still five at a time, and no slower than the concurrency allows (about 12 round trips).
		expect(mostInFlight(requests)).toBe(5);
		expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeLessThan(60 * 12 * 1.6);
		for (const { to } of inputs) expect(steady.deliveredTo(to)).toBe(1);
	});
});
