/**
 * A text cannot be taken back. Faults are injected into the sandbox and the node is run by
 * n8n's engine with its own retries or with n8n's Retry On Fail, sending one item at a time or
 * several at once: every item must end with exactly one message delivered, complete paired
 * outputs in input order, and no duplicate for anyone.
 */
import type { INode, INodeParameters } from 'n8n-workflow';

import {
	ANA,
	AUTOMATIC_KEY,
	BEN,
	apiRequests,
	chertNode,
	createChatParams,
	runChert,
	type Sandbox,
	useSandbox,
} from './chert-workflow';

const CARL = '+14155550125';
const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const FAULTS = {
	'HTTP 500': { kind: 'error', code: 3001, status: 500 },
	'429 with retry_after': { kind: 'error', code: 1007, status: 429, retry_after: 1 },
	'503 / 4002': { kind: 'error', code: 4002, status: 503, retry_after: 1 },
	'delay longer than the timeout': { kind: 'delay', delayMs: 1500 },
	'commit then drop the connection': { kind: 'drop' },
} as const;

/** The node's own retries, or n8n's Retry On Fail with the node's retries off. */
const SETTINGS: Record<string, (node: INode, maxConcurrency: number) => INode> = {
	'node retries': (node, maxConcurrency) => ({
		...node,
		parameters: { ...node.parameters, options: { maxAttempts: 3, timeout: 500, maxConcurrency } },
	}),
	'n8n Retry On Fail': (node, maxConcurrency) => ({
		...node,
		parameters: { ...node.parameters, options: { maxAttempts: 1, timeout: 500, maxConcurrency } },
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 1,
	}),
};

const DAN = '+14155550126';
const EVA = '+14155550127';
const FAY = '+14155550128';
const GUS = '+14155550129';
const RECIPIENTS = {
	'1 item': [ANA],
	'3 items': [ANA, BEN, CARL],
	'7 items': [ANA, BEN, CARL, DAN, EVA, FAY, GUS],
} as const;

/** One at a time, or 5 at a time (with as many items as fit at once, and more than fit). */
const PACES = {
	'one at a time': { maxConcurrency: 1, sizes: ['1 item', '3 items'] },
	'5 at a time': { maxConcurrency: 5, sizes: ['3 items', '7 items'] },
} as const;

const cases = Object.keys(FAULTS).flatMap((fault) =>
	Object.keys(SETTINGS).flatMap((setting) =>
		Object.entries(PACES).flatMap(([pace, { sizes }]) => sizes.map((size) => [fault, setting, pace, size] as const)),
	),
);

describe('fault × retry setting × pace × items: exactly one message per recipient', () => {
	it.each(cases)('%s, %s, %s, %s', async (fault, setting, pace, size) => {
		const recipients = RECIPIENTS[size as keyof typeof RECIPIENTS];
		// The fault hits the last first request to arrive: other items have gone out already
		// (one at a time: the last item's; several at a time: whichever arrives last).
		sandbox.injectFault({ ...FAULTS[fault as keyof typeof FAULTS], method: 'POST', path: '/api/v1/chats', skip: recipients.length - 1 });
		const { maxConcurrency } = PACES[pace as keyof typeof PACES];
		const node = SETTINGS[setting](chertNode('Chert', createChatParams({ to: '={{ $json.to }}' })), maxConcurrency);

		const result = await runChert(sandbox, [node], { inputItems: recipients.map((to) => ({ to })) });
		// A request the node gave up on may still commit after the run: count after it has.
		await sandbox.idle();

		expect(result.error).toBeUndefined();
		const items = result.output('Chert');
		expect(items.map((item) => item.pairedItem)).toEqual(recipients.map((_, item) => ({ item })));
		items.forEach((item, index) => {
			expect(item.json).toMatchObject({ chatId: expect.any(String), idempotencyKey: AUTOMATIC_KEY });
			expect(item.json.chat).toMatchObject({ handles: [{ address: recipients[index] }] });
		});
		for (const recipient of recipients) expect(sandbox.deliveredTo(recipient)).toBe(1);
		expect(sandbox.state.messagesDelivered).toHaveLength(recipients.length);
		// The faulted request really was repeated, with the same key and body.
		const faulted = apiRequests(sandbox).filter((r) => r.fault !== undefined);
		expect(faulted).toHaveLength(1);
		const faultedRecipient = JSON.parse(faulted[0].rawBody).to[0];
		if (maxConcurrency === 1) expect(faultedRecipient).toBe(recipients.at(-1));
		const faultedRequests = apiRequests(sandbox).filter((r) => JSON.parse(r.rawBody).to[0] === faultedRecipient);
		expect(faultedRequests.length).toBeGreaterThan(1);
		expect(new Set(faultedRequests.map((r) => r.rawBody)).size).toBe(1);
	});
});

describe('Continue On Fail with a permanent error', () => {
	it.each(Object.keys(SETTINGS).flatMap((setting) => [1, 5].map((maxConcurrency) => [setting, maxConcurrency] as const)))(
		'leaves the other items delivered once (%s, %i at a time)',
		async (setting, maxConcurrency) => {
			const node = SETTINGS[setting](
				chertNode('Chert', createChatParams({ from: '={{ $json.from }}', to: '={{ $json.to }}' }), { onError: 'continueRegularOutput' }),
				maxConcurrency,
			);
			const result = await runChert(sandbox, [node], {
				inputItems: [
					{ from: '+15559999999', to: ANA },
					{ from: '+15550000001', to: BEN },
					{ from: '+15550000001', to: CARL },
				],
			});

			const items = result.output('Chert');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json).toMatchObject({ code: 2006, error: expect.stringContaining('2006') });
			expect(items[1].json.chatId).toEqual(expect.any(String));
			expect(items[2].json.chatId).toEqual(expect.any(String));
			expect(sandbox.deliveredTo(ANA)).toBe(0);
			expect(sandbox.deliveredTo(BEN)).toBe(1);
			expect(sandbox.deliveredTo(CARL)).toBe(1);
		},
	);
});

describe('idempotency keys', () => {
	it("sends the user's key as given and shows it in the output", async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ options: { idempotencyKey: 'order-77' } }))]);
		expect(apiRequests(sandbox)[0].body.message.idempotency_key).toBe('order-77');
		expect(result.json('Chert')[0].idempotencyKey).toBe('order-77');
	});

	it('gives each item its own automatic key', async () => {
		await runChert(sandbox, [chertNode('Chert', createChatParams({ to: '={{ $json.to }}' }))], {
			inputItems: [{ to: ANA }, { to: BEN }],
		});
		const [first, second] = apiRequests(sandbox).map((r) => r.body.message.idempotency_key);
		expect(first).toEqual(AUTOMATIC_KEY);
		expect(second).toEqual(AUTOMATIC_KEY);
		expect(first).not.toBe(second);
	});

	it('"This Execution" scope: a new execution of the same workflow sends again', async () => {
		const node = chertNode('Chert', createChatParams());
		await runChert(sandbox, [node]);
		await runChert(sandbox, [node]);
		expect(sandbox.deliveredTo(ANA)).toBe(2);
		const [first, second] = apiRequests(sandbox).map((r) => r.body.message.idempotency_key);
		expect(first).not.toBe(second);
	});

	it('"Message Content" scope: the same text to the same person is sent once across executions', async () => {
		const node = chertNode('Chert', createChatParams({ options: { idempotencyKeyScope: 'content' } }));
		const first = await runChert(sandbox, [node]);
		const second = await runChert(sandbox, [node]);
		expect(sandbox.deliveredTo(ANA)).toBe(1);
		expect(second.json('Chert')[0].chatId).toBe(first.json('Chert')[0].chatId);
		expect(second.json('Chert')[0].messageId).toBe(first.json('Chert')[0].messageId);
	});

	it('"Message Content" scope: an edited message is a new send', async () => {
		await runChert(sandbox, [chertNode('Chert', createChatParams({ options: { idempotencyKeyScope: 'content' } }))]);
		await runChert(sandbox, [
			chertNode('Chert', createChatParams({ parts: { part: [{ type: 'text', text: 'Hello again' }] }, options: { idempotencyKeyScope: 'content' } })),
		]);
		expect(sandbox.deliveredTo(ANA)).toBe(2);
	});
});

describe("n8n's retry of a failed execution (Executions list → Retry)", () => {
	// Item 3's send is refused (nothing sent) after items 1 and 2 went out: the execution fails.
	async function failOnTheThirdItem(options: INodeParameters = {}) {
		sandbox.injectError({ code: 1002, status: 400, method: 'POST', path: '/api/v1/chats', skip: 2 });
		const node = chertNode('Chert', createChatParams({ to: '={{ $json.to }}', options }));
		const failed = await runChert(sandbox, [node], { inputItems: [ANA, BEN, CARL].map((to) => ({ to })) });
		expect(failed.status).toBe('error');
		expect([ANA, BEN, CARL].map((to) => sandbox.deliveredTo(to))).toEqual([1, 1, 0]);
		return { node, failed };
	}

	it.each<[string, INodeParameters]>([
		['"This Execution" (the default)', {}],
		['"Message Content"', { idempotencyKeyScope: 'content' }],
	])('%s: the retry replays items 1–2 and sends item 3, once each', async (_scope, options) => {
		const { node, failed } = await failOnTheThirdItem(options);
		const retried = await runChert(sandbox, [node], { retryOf: failed.run });

		expect(retried.status).toBe('success');
		for (const recipient of [ANA, BEN, CARL]) expect(sandbox.deliveredTo(recipient)).toBe(1);
		const requests = apiRequests(sandbox);
		// 3 first attempts (the third refused), then the retry's 3: two answered from Chert's
		// idempotency store, one sent.
		expect(requests.map((r) => [JSON.parse(r.rawBody).to[0], r.status, Boolean(r.idempotentReplay)])).toEqual([
			[ANA, 200, false],
			[BEN, 200, false],
			[CARL, 400, false],
			[ANA, 200, true],
			[BEN, 200, true],
			[CARL, 200, false],
		]);
		expect(requests[3].rawBody).toBe(requests[0].rawBody);
		// Every item's output is its one message: Chert's first answer for the replayed ones.
		expect(retried.json('Chert').map((item) => item.messageId)).toEqual(
			sandbox.state.messagesDelivered.map((message: { messageId: string }) => message.messageId),
		);
	});

	it('a retry of the retry still finds the first execution', async () => {
		const { node, failed } = await failOnTheThirdItem();
		sandbox.injectError({ code: 1002, status: 400, method: 'POST', path: '/api/v1/chats', skip: 2 });
		const retried = await runChert(sandbox, [node], { retryOf: failed.run });
		expect(retried.status).toBe('error');
		const again = await runChert(sandbox, [node], { retryOf: retried.run });
		expect(again.status).toBe('success');
		for (const recipient of [ANA, BEN, CARL]) expect(sandbox.deliveredTo(recipient)).toBe(1);
	});
});

describe('what is not retried', () => {
	it('never retries a validation error from Chert (4xx, not retryable)', async () => {
		sandbox.injectError({ code: 1002, status: 400, method: 'POST', path: '/api/v1/chats' });
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ options: { maxAttempts: 5 } }))]);
		expect(result.nodes.Chert.error).toMatchObject({ message: expect.stringContaining('1002') });
		expect(apiRequests(sandbox)).toHaveLength(1);
	});

	it('gives up after Max Attempts and says how often it tried', async () => {
		sandbox.injectError({ code: 3001, status: 500, method: 'POST', path: '/api/v1/chats', times: 5 });
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ options: { maxAttempts: 2 } }))]);
		expect(result.nodes.Chert.error).toMatchObject({ description: expect.stringContaining('Tried 2 times.') });
		expect(apiRequests(sandbox)).toHaveLength(2);
		expect(sandbox.deliveredTo(ANA)).toBe(0);
	});

	it('does not wait out a retry_after longer than it will hold the workflow', async () => {
		sandbox.injectError({ code: 1007, status: 429, retry_after: 3600, method: 'POST', path: '/api/v1/chats' });
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams())]);
		expect(result.nodes.Chert.error).toMatchObject({ httpCode: '429', message: expect.stringContaining('1007') });
		expect(apiRequests(sandbox)).toHaveLength(1);
	});
});
