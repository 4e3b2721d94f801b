/**
 * The package in n8n's queue mode, unchanged: Redis, PostgreSQL, a main process, two workers
 * and a webhook processor (test/e2e/lib/queue.js), each n8n process with the packed package
 * installed in its own user folder, against the Chert sandbox in this process.
 *
 * - The Chert Trigger: subscribed once at Chert (by main, the leader), its deliveries received
 *   by main and by the webhook processor, each event id run once whichever receives it.
 * - 200 webhook executions of Create Chat, each to its own recipient, received half by main and
 *   half by the webhook processor, run by both workers.
 * - 100 more while main is stopped most of the time (as on a loaded machine): every webhook
 *   answered, which needs the stack's queue retention (FINISHED_JOBS_KEPT in queue.js).
 * - n8n's Retry of an execution that failed on item 3 (it runs on a worker).
 * - A worker killed with SIGKILL in the middle of a slow batch, per key scope: what reached
 *   whom before the kill, what n8n's Retry of the failed execution then does, and what running
 *   the batch again (the way left to finish it) does.
 *
 * The figures are printed at the end and written to artifacts/queue-mode.json.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSandbox } from '../sandbox';
import { REPO } from '../e2e/lib/provision';
import { QueueStack } from '../e2e/lib/queue';
import { chertCredential, chertNode, chertTriggerNode, node, textParts, webhookNode, workflow } from '../e2e/lib/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type N8nProcess = QueueStack['main'];
type Scope = 'execution' | 'content';

const SENDER = '+15550000001';
const SUITE_STARTED = Date.now();
const FIGURES_FILE = path.join(REPO, 'artifacts/queue-mode.json');

const FAN_OUT = { id: 'queueFanOut00200', path: 'fan-out-200', executions: 200, concurrency: 20 };
const FAIL_ON_ITEM_3 = { id: 'queueFailItem003', path: 'fail-on-item-3' };
// The default-scope batch saves its progress after each node (the workflow setting "Save
// execution progress"), to show what that changes for a killed worker's execution.
const KILL: Record<Scope, { id: string; path: string; saveExecutionProgress: boolean }> = {
	execution: { id: 'queueKillDefault', path: 'kill-default-scope', saveExecutionProgress: true },
	content: { id: 'queueKillContent', path: 'kill-content-scope', saveExecutionProgress: false },
};
const BATCH = { size: 50, latencyMs: 200, killAfterSent: 15 };
// Main stopped (SIGSTOP) for most of the time, as a loaded machine's scheduler may leave it: a
// worker then often finishes an execution before main starts waiting for it.
const STALLING_MAIN = { requests: 100, pausedMs: 300, runningMs: 30 };
const TRIGGER = { id: 'queueChertTrigger', webhookId: '3f6b0c7e-2222-4000-8000-00000000c4e7', simultaneousPairs: 20 };
const STREAM_TRIGGER = { id: 'queueChertStream', webhookId: '3f6b0c7e-3333-4000-8000-00000000c4e7', events: 20 };

let sandbox: Sandbox;
let stack: QueueStack;
const figures: Record<string, unknown> = {};

/** `count` distinct E.164 numbers starting at `+1415556` + `block` + 000. */
const phonesOf = (block: number, count: number) =>
	Array.from({ length: count }, (_, i) => `+1415556${block}${String(i).padStart(3, '0')}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined && value !== false) return value as T;
		await sleep(everyMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** One SQL answer from n8n's database, rows of `|`-separated columns. */
const sql = (query: string) =>
	stack.postgres!.query(query)
		.split('\n')
		.filter(Boolean)
		.map((row: string) => row.split('|'));

const executionIdsOf = (workflowId: string) =>
	sql(`SELECT id FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`).map(([id]) => id);

const statusOf = (executionId: string) => sql(`SELECT status FROM execution_entity WHERE id = ${Number(executionId)}`)[0]?.[0];

/** The workers whose log says they started an execution (`Worker started execution N (job M)`). */
function workersOf(executionId: string): string[] {
	const line = new RegExp(`Worker started execution ${executionId} \\(job`);
	return stack.workers.filter((worker) => line.test(readLog(worker))).map((worker) => worker.name);
}

function readLog(process: N8nProcess): string {
	try {
		return fs.readFileSync(process.logFile, 'utf8');
	} catch {
		return '';
	}
}

/**
 * What n8n has saved of an execution (`GET /rest/executions/:id`, its data in n8n's `flatted`
 * form): the nodes with run data and the nodes left to run, which a retry starts from.
 */
async function savedData(executionId: string) {
	const { json } = await stack.main.rest('GET', `/rest/executions/${executionId}`);
	const raw = json?.data?.data;
	const { parse } = require(path.join(stack.main.provisioned.cache, `n8n-${stack.main.provisioned.n8nVersion}`, 'node_modules/flatted')) as {
		parse: (text: string) => any;
	};
	const data = typeof raw === 'string' ? parse(raw) : raw;
	return {
		status: json?.data?.status as string,
		nodesWithRunData: Object.keys(data?.resultData?.runData ?? {}),
		nodesLeftToRun: (data?.executionData?.nodeExecutionStack ?? []).map((entry: { node: { name: string } }) => entry.node.name),
	};
}

/** Longer than any execution here takes: an answer later than this is one that never comes. */
const WEBHOOK_ANSWER_MS = 120_000;

/** Posts to a published webhook (at main unless told), waiting for it to be registered. */
async function postWebhook(webhookPath: string, body: unknown, receiver: N8nProcess = stack.main) {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${receiver.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(WEBHOOK_ANSWER_MS),
		}).catch((error: Error) => {
			throw new Error(`${receiver.name} gave no answer to POST /webhook/${webhookPath} ${JSON.stringify(body)} within ${WEBHOOK_ANSWER_MS / 1000} s: ${error.message}`);
		});
		if (response.status !== 404 || attempt >= 40) return response;
		await sleep(250);
	}
}

/** Runs `task` for each item, `concurrency` at a time, as that many clients would. */
async function inParallel<T>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < items.length) {
				const index = next++;
				await task(items[index], index);
			}
		}),
	);
}

/** Messages per recipient, and the recipients that got none / more than one. */
function deliveries(phones: string[]) {
	const counts = phones.map((phone) => sandbox.deliveredTo(phone));
	return {
		texted: counts.filter((count) => count > 0).length,
		duplicated: counts.filter((count) => count > 1).length,
		neverTexted: counts.filter((count) => count === 0).length,
		messages: counts.reduce((sum, count) => sum + count, 0),
		maxPerRecipient: Math.max(...counts),
	};
}

/** n8n's Retry of a failed execution, as the owner (what the editor's Retry → "Retry with original workflow" calls). */
async function retryAsOwner(executionId: string) {
	const retry = await stack.main.rest('POST', `/rest/executions/${executionId}/retry`, { loadWorkflow: false });
	if (retry.status !== 200) throw new Error(`retry of ${executionId} answered ${retry.status}: ${retry.text.slice(0, 500)}`);
	return retry.json.data as { id: string; mode: string; retryOf: string; status: string };
}

/** Webhook (answers at once) → Code (one item per phone) → Create Chat. */
function batchWorkflow(id: string, webhookPath: string, options: Record<string, unknown>, settings: Record<string, unknown> = {}) {
	const saved = workflow(id, `Queue mode: ${webhookPath}`, [
		webhookNode(webhookPath, [0, 0], { responseMode: 'onReceived' }),
		node('Customers', 'n8n-nodes-base.code', 2, [220, 0], {
			jsCode: 'return $input.first().json.body.phones.map((phone) => ({ json: { phone } }));',
		}),
		chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: '={{ $json.phone }}', parts: textParts('Your order shipped'), options }, [440, 0]),
	]);
	return { ...saved, settings: { ...saved.settings, ...settings } };
}

/** Chert Trigger (Message Received) → Send Message replying in the chat: one reply per execution. */
function triggerWorkflow() {
	return workflow(TRIGGER.id, 'Queue mode: Chert Trigger → Reply', [
		chertTriggerNode({ events: ['message.received'] }, TRIGGER.webhookId),
		chertNode('Reply', { resource: 'message', operation: 'send', parts: textParts('=Got it: {{ $json.text }}') }, [220, 0]),
	]);
}

/** Chert Trigger (Event Stream) → Reply: a trigger n8n runs in the leader main process only. */
function streamTriggerWorkflow() {
	return workflow(STREAM_TRIGGER.id, 'Queue mode: Chert Trigger (Event Stream) → Reply', [
		chertTriggerNode({ deliveryMode: 'eventStream', events: ['message.received'] }, STREAM_TRIGGER.webhookId),
		chertNode('Reply', { resource: 'message', operation: 'send', parts: textParts('=Streamed: {{ $json.text }}') }, [220, 0]),
	]);
}

/** What Chert's webhook subscriptions looked like once the whole stack was up. */
let triggerAtStart: { subscriptionIds: string[]; createRequests: number; url?: string };

beforeAll(async () => {
	// Chert documents https webhook URLs; the sandbox takes n8n's plain-http one when told to.
	sandbox = await startSandbox({ allowHttpWebhooks: true });
	stack = await new QueueStack({ workers: 2, webhooks: 1 }).prepare();
	const main = stack.main;
	await main.importCredentials([chertCredential(sandbox.url, sandbox.signingSecret)]);
	await main.importWorkflow(
		workflow(FAN_OUT.id, 'Queue mode: webhook → Create Chat', [
			webhookNode(FAN_OUT.path),
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: '={{ $json.body.phone }}', parts: textParts('=Hi {{ $json.body.name }}, welcome aboard!') }, [220, 0]),
		]),
	);
	await main.importWorkflow(batchWorkflow(FAIL_ON_ITEM_3.id, FAIL_ON_ITEM_3.path, {}));
	for (const scope of ['execution', 'content'] as const) {
		const { id, path: webhookPath, saveExecutionProgress } = KILL[scope];
		const options = scope === 'content' ? { idempotencyKeyScope: 'content' } : {};
		await main.importWorkflow(batchWorkflow(id, webhookPath, options, { saveExecutionProgress }));
	}
	await main.importWorkflow(triggerWorkflow());
	await main.importWorkflow(streamTriggerWorkflow());
	for (const id of [FAN_OUT.id, FAIL_ON_ITEM_3.id, KILL.execution.id, KILL.content.id, TRIGGER.id, STREAM_TRIGGER.id]) await main.publishWorkflow(id);
	const started = Date.now();
	await stack.start();
	await main.loginOwner();
	// Main activates the trigger at start; a few seconds more would show another process doing it too.
	await until('the Chert Trigger’s subscription', () => sandbox.state.subscriptions.size > 0 || undefined, 60_000);
	await sleep(5_000);
	triggerAtStart = {
		subscriptionIds: [...sandbox.state.subscriptions.keys()],
		createRequests: sandbox.state.requests.filter((r: { method: string; path: string }) => r.method === 'POST' && r.path === '/api/v1/webhook-subscriptions').length,
		url: [...sandbox.state.subscriptions.values()][0]?.url,
	};
	figures.stack = {
		processes: stack.processes.map((p) => `${p.name} (${p.role})`),
		readyAfterSeconds: (Date.now() - started) / 1000,
		preparedAfterSeconds: (started - SUITE_STARTED) / 1000,
	};
}, 15 * 60_000);

afterAll(async () => {
	await stack?.stop();
	stack?.cleanUp();
	await sandbox?.close();
});

beforeEach(() => {
	// The trigger's subscription, made once at activation, outlives the per-test reset as it would at Chert.
	const subscriptions = [...sandbox.state.subscriptions.entries()];
	sandbox.reset();
	for (const [id, subscription] of subscriptions) sandbox.state.subscriptions.set(id, subscription);
});

describe('the Chert Trigger in queue mode', () => {
	type Delivery = Awaited<ReturnType<Sandbox['deliverEvent']>>;
	type DeliveryOptions = Parameters<Sandbox['deliverEvent']>[2];
	type Reply = { path: string; body: { message: { parts: Array<{ value?: string }> } } };
	const DUPLICATE = JSON.stringify({ received: true, started: false, reason: 'duplicate event_id' });
	// n8n 2.41.1 answers an execution started by a webhook without response data with this body.
	const STARTED = 'firstEntryJson';
	const triggerFigures = () => (figures.trigger ??= {}) as Record<string, unknown>;
	const webhookProcessor = () => stack.webhooks[0];
	const subscriptionId = () => triggerAtStart.subscriptionIds[0];

	/**
	 * One signed delivery of `event` (as Chert sends it) to `receiver` rather than to the URL n8n
	 * subscribed: a load balancer in front of main and the webhook processors would pick either.
	 */
	function deliverTo(receiver: N8nProcess, event: Parameters<Sandbox['deliverEvent']>[1], options?: DeliveryOptions): Promise<Delivery> {
		const subscription = sandbox.state.subscriptions.get(subscriptionId())!;
		const url = `${receiver.baseUrl}${new URL(subscription.url).pathname}`;
		// deliverEvent reads the subscription before its first await: the swap is seen by this delivery alone.
		sandbox.state.subscriptions.set(subscription.id, { ...subscription, url });
		try {
			return sandbox.deliverEvent(subscription.id, event, options);
		} finally {
			sandbox.state.subscriptions.set(subscription.id, subscription);
		}
	}

	const replies = () =>
		sandbox.state.requests.filter((r: { method: string; path: string }) => r.method === 'POST' && /^\/api\/v1\/chats\/[^/]+\/messages$/.test(r.path)) as unknown as Reply[];
	const repliesTo = (text: string) => replies().filter((reply) => reply.body.message.parts[0]?.value === `Got it: ${text}`).length;
	const executions = () => executionIdsOf(TRIGGER.id);
	const finished = (ids: string[]) => ids.every((id) => ['success', 'error', 'crashed'].includes(statusOf(id) ?? ''));

	async function inboundMessage(text: string) {
		const body = JSON.stringify({ from: SENDER, to: ['+14155550123'], message: { parts: [{ type: 'text', value: 'Your order shipped' }] } });
		const response = await fetch(`${sandbox.url}/api/v1/chats`, { method: 'POST', headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' }, body });
		const { chat } = (await response.json()) as { chat: { id: string } };
		return sandbox.addInboundMessage({ chatId: chat.id, text, deliver: false }).event;
	}

	/** Waits for `count` executions of the trigger workflow, all finished, and a moment for any more to show. */
	async function settledExecutions(count: number) {
		await until(`${count} trigger executions`, () => (executions().length >= count && finished(executions()) ? true : undefined), 120_000, 250);
		await sleep(3_000);
		await sandbox.idle();
		return executions();
	}

	it('was subscribed at Chert once, by main, with two workers and a webhook processor running', () => {
		expect(stack.workers).toHaveLength(2);
		expect(stack.webhooks).toHaveLength(1);
		expect(triggerAtStart).toEqual({
			subscriptionIds: [expect.any(String)],
			createRequests: 1,
			url: `${stack.main.baseUrl}/webhook/${TRIGGER.webhookId}/webhook`,
		});
		expect([...sandbox.state.subscriptions.keys()]).toEqual(triggerAtStart.subscriptionIds);
		triggerFigures().subscriptions = { created: triggerAtStart.createRequests, atChert: triggerAtStart.subscriptionIds.length, url: 'main’s /webhook/… URL' };
	});

	it('an event id delivered to the webhook processor, then to main: one execution, one reply', async () => {
		const before = executions().length;
		const event = await inboundMessage('one, webhook processor then main');
		const first = await deliverTo(webhookProcessor(), event);
		const second = await deliverTo(stack.main, event);
		expect([first.status, first.responseBody]).toEqual([200, STARTED]);
		expect([second.status, second.responseBody]).toEqual([200, DUPLICATE]);
		// And once more to the webhook processor, as Chert's retry would come.
		const third = await deliverTo(webhookProcessor(), event);
		expect([third.status, third.responseBody]).toEqual([200, DUPLICATE]);

		const ids = await settledExecutions(before + 1);
		expect(ids.length - before).toBe(1);
		expect(statusOf(ids[before])).toBe('success');
		expect(repliesTo('one, webhook processor then main')).toBe(1);
		triggerFigures().sequential = {
			order: ['webhook-1', 'main', 'webhook-1'],
			answers: [first, second, third].map((d) => `${d.status} ${d.responseBody === DUPLICATE ? 'duplicate event_id' : d.responseBody}`),
			executions: ids.length - before,
			replies: repliesTo('one, webhook processor then main'),
		};
	}, 5 * 60_000);

	it('an event id delivered to main and the webhook processor at the same moment: one execution, one reply, each time', async () => {
		const before = executions().length;
		const pairs = [];
		for (let i = 0; i < TRIGGER.simultaneousPairs; i++) {
			const text = `pair ${i}`;
			const event = await inboundMessage(text);
			const [atMain, atWebhook] = await Promise.all([deliverTo(stack.main, event), deliverTo(webhookProcessor(), event)]);
			pairs.push({ text, answers: [atMain, atWebhook].map((d) => ({ status: d.status, started: d.responseBody === STARTED, duplicate: d.responseBody === DUPLICATE })) });
		}
		const ids = await settledExecutions(before + TRIGGER.simultaneousPairs);
		const perPair = pairs.map((pair) => ({ started: pair.answers.filter((a) => a.started).length, replies: repliesTo(pair.text) }));
		triggerFigures().simultaneous = {
			pairs: pairs.length,
			startedPerPair: perPair.map((p) => p.started),
			startedBy: pairs.map((pair) => pair.answers.flatMap((a, i) => (a.started ? [i === 0 ? 'main' : webhookProcessor().name] : [])).join('+')),
			repliesPerEvent: perPair.map((p) => p.replies),
			executions: ids.length - before,
			statuses: pairs.flatMap((pair) => pair.answers.map((a) => a.status)),
		};
		expect(pairs.flatMap((pair) => pair.answers.map((a) => a.status))).toEqual(pairs.flatMap(() => [200, 200]));
		expect(perPair).toEqual(pairs.map(() => ({ started: 1, replies: 1 })));
		expect(ids.length - before).toBe(TRIGGER.simultaneousPairs);
	}, 5 * 60_000);

	it('a badly signed delivery gets 401 at main and at the webhook processor, and runs nothing', async () => {
		const before = executions().length;
		const event = await inboundMessage('forged');
		const answers: Record<string, number[]> = {};
		for (const receiver of [stack.main, webhookProcessor()]) {
			answers[receiver.name] = [];
			for (const tamper of ['wrong-secret', 'altered-body', 'missing-signature'] as const) {
				const delivery = await deliverTo(receiver, event, { tamper });
				expect({ receiver: receiver.name, tamper, status: delivery.status, body: delivery.responseBody }).toEqual({
					receiver: receiver.name,
					tamper,
					status: 401,
					body: JSON.stringify({ error: 'Invalid or missing Chert signature' }),
				});
				answers[receiver.name].push(delivery.status);
			}
		}
		await sleep(3_000);
		expect(executions()).toHaveLength(before);
		expect(repliesTo('forged')).toBe(0);
		triggerFigures().badlySigned = { answers, executions: executions().length - before, replies: repliesTo('forged') };
	}, 5 * 60_000);

	it('a new event id is a new execution, whichever process receives it', async () => {
		const before = executions().length;
		const events = [await inboundMessage('new at main'), await inboundMessage('new at the webhook processor')];
		expect((await deliverTo(stack.main, events[0])).responseBody).toBe(STARTED);
		expect((await deliverTo(webhookProcessor(), events[1])).responseBody).toBe(STARTED);
		const ids = await settledExecutions(before + 2);
		expect(ids.length - before).toBe(2);
		expect([repliesTo('new at main'), repliesTo('new at the webhook processor')]).toEqual([1, 1]);
		// Nothing subscribed again along the way.
		expect(sandbox.state.requests.filter((r: { method: string; path: string }) => r.path === '/api/v1/webhook-subscriptions')).toEqual([]);
		triggerFigures().newEvents = { executions: ids.length - before, repliesPerEvent: [1, 1], totalExecutions: ids.length };
	}, 5 * 60_000);

	it('kept what it took in n8n’s deduplication store: one row for the trigger node, one entry per execution', () => {
		const rows = sql(`SELECT context, value FROM processed_data WHERE "workflowId" = '${TRIGGER.id}'`);
		expect(rows.map(([context]) => context)).toEqual(['n:node-chert-trigger']);
		const entries = (JSON.parse(rows[0][1]) as { mode: string; data: string[] }).data;
		expect(entries).toHaveLength(executions().length);
		// No process fell back to its memory alone, or saw the store fail.
		expect(stack.processes.filter((process) => readLog(process).includes('deduplication store')).map((process) => process.name)).toEqual([]);
		triggerFigures().processedData = { rows: rows.length, entries: entries.length, executions: executions().length };
	}, 5 * 60_000);
});

describe('the Chert Trigger in Event Stream mode, in queue mode', () => {
	type Reply = { method: string; path: string; body: { message: { parts: Array<{ value: string }> } } };
	const streamReplies = () =>
		(sandbox.state.requests as unknown as Reply[]).filter(
			(r) => r.method === 'POST' && /^\/api\/v1\/chats\/[^/]+\/messages$/.test(r.path) && String(r.body?.message?.parts?.[0]?.value).startsWith('Streamed: '),
		);

	it('holds one stream open at Chert, from the leader alone: not from the workers or the webhook processor', async () => {
		await until('the stream', () => sandbox.openStreams() >= 1 || undefined, 60_000);
		// Every process has been up for a while: any other process holding it would show by now.
		await sleep(3_000);
		expect(sandbox.openStreams()).toBe(1);
		(figures.streamTrigger ??= {}) as Record<string, unknown>;
		(figures.streamTrigger as Record<string, unknown>).openStreams = sandbox.openStreams();
	});

	it('starts one execution per event (queued for the workers), each replied to once', async () => {
		const before = executionIdsOf(STREAM_TRIGGER.id).length;
		const body = JSON.stringify({ from: SENDER, to: ['+14155550177'], message: { parts: [{ type: 'text', value: 'Your order shipped' }] } });
		const response = await fetch(`${sandbox.url}/api/v1/chats`, { method: 'POST', headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' }, body });
		const { chat } = (await response.json()) as { chat: { id: string } };
		const texts = Array.from({ length: STREAM_TRIGGER.events }, (_, i) => `streamed ${i + 1}`);
		for (const text of texts) {
			sandbox.addInboundMessage({ chatId: chat.id, text, deliver: false });
			await sleep(50);
		}
		await until(
			`${texts.length} stream executions`,
			() => {
				const ids = executionIdsOf(STREAM_TRIGGER.id);
				return ids.length - before >= texts.length && ids.every((id) => ['success', 'error', 'crashed'].includes(statusOf(id) ?? '')) ? true : undefined;
			},
			180_000,
		);
		await sleep(3_000);
		await sandbox.idle();
		const ids = executionIdsOf(STREAM_TRIGGER.id).slice(before);
		expect(ids).toHaveLength(texts.length);
		expect(ids.map(statusOf).filter((status) => status !== 'success')).toEqual([]);
		expect(streamReplies().map((reply) => reply.body.message.parts[0].value).sort()).toEqual(texts.map((text) => `Streamed: ${text}`).sort());
		// No process subscribed a webhook for it.
		expect([...sandbox.state.subscriptions.values()].filter((s: { url: string }) => s.url.includes(STREAM_TRIGGER.webhookId))).toEqual([]);
		(figures.streamTrigger as Record<string, unknown>).events = { sent: texts.length, executions: ids.length, replies: streamReplies().length };
	}, 5 * 60_000);
});

describe('200 webhook executions of Create Chat', () => {
	it('texts every recipient exactly once, with both workers running executions', async () => {
		const phones = phonesOf(1, FAN_OUT.executions);
		// Even requests to main, odd ones to the webhook processor.
		const receivers = [stack.main, ...stack.webhooks];
		const started = Date.now();
		const answers: Array<{ status: number; chatId?: string }> = [];
		await inParallel(phones, FAN_OUT.concurrency, async (phone, i) => {
			const response = await postWebhook(FAN_OUT.path, { name: `Customer ${i}`, phone }, receivers[i % receivers.length]);
			answers[i] = { status: response.status, ...((await response.json().catch(() => ({}))) as { chatId?: string }) };
		});
		const seconds = (Date.now() - started) / 1000;
		await sandbox.idle();

		expect(answers.filter((answer) => answer.status === 200 && typeof answer.chatId === 'string')).toHaveLength(FAN_OUT.executions);
		expect(new Set(answers.map((answer) => answer.chatId)).size).toBe(FAN_OUT.executions);
		expect(phones.filter((phone) => sandbox.deliveredTo(phone) !== 1)).toEqual([]);
		expect(sandbox.state.messagesDelivered).toHaveLength(FAN_OUT.executions);

		const ids = executionIdsOf(FAN_OUT.id);
		expect(ids).toHaveLength(FAN_OUT.executions);
		const statuses = sql(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${FAN_OUT.id}' GROUP BY status`);
		expect(Object.fromEntries(statuses)).toEqual({ success: String(FAN_OUT.executions) });
		const ranOn = ids.map((id) => workersOf(id));
		// Every execution ran on exactly one worker, none on main.
		expect(ranOn.filter((workers) => workers.length !== 1)).toEqual([]);
		const perWorker = Object.fromEntries(stack.workers.map((worker) => [worker.name, ranOn.filter(([name]) => name === worker.name).length]));
		for (const worker of stack.workers) expect(perWorker[worker.name]).toBeGreaterThan(0);

		figures.fanOut = {
			executions: ids.length,
			succeeded: Number(statuses[0]?.[1]),
			recipients: phones.length,
			messagesPerRecipient: [...new Set(phones.map((phone) => sandbox.deliveredTo(phone)))],
			messages: sandbox.state.messagesDelivered.length,
			executionsPerWorker: perWorker,
			requestsPerReceiver: Object.fromEntries(receivers.map((receiver, r) => [receiver.name, phones.filter((_, i) => i % receivers.length === r).length])),
			clientConcurrency: FAN_OUT.concurrency,
			seconds,
		};
	}, 10 * 60_000);
});

describe('main pausing now and then, as on a loaded machine', () => {
	it('answers every webhook set to respond when the last node finishes, and texts each recipient once', async () => {
		const phones = phonesOf(5, STALLING_MAIN.requests);
		const group = stack.main.pid!;
		const pauser = spawn('sh', ['-c', `while :; do kill -STOP -${group}; sleep ${STALLING_MAIN.pausedMs / 1000}; kill -CONT -${group}; sleep ${STALLING_MAIN.runningMs / 1000}; done`], { stdio: 'ignore' });
		const started = Date.now();
		const unanswered: string[] = [];
		try {
			await inParallel(phones, FAN_OUT.concurrency, async (phone) => {
				try {
					const response = await postWebhook(FAN_OUT.path, { name: 'Customer', phone });
					const text = await response.text();
					if (response.status !== 200) unanswered.push(`${phone}: HTTP ${response.status} ${text}`);
				} catch (error) {
					unanswered.push(`${phone}: ${(error as Error).message}`);
				}
			});
		} finally {
			pauser.kill('SIGKILL');
			process.kill(-group, 'SIGCONT');
		}
		const seconds = (Date.now() - started) / 1000;
		await sandbox.idle();

		// With n8n's default queue retention, about 1 in 20 of these never answered (see the README).
		expect(unanswered).toEqual([]);
		expect(phones.filter((phone) => sandbox.deliveredTo(phone) !== 1)).toEqual([]);
		figures.stallingMain = {
			requests: phones.length,
			answered: phones.length - unanswered.length,
			mainPaused: `${STALLING_MAIN.pausedMs} ms of every ${STALLING_MAIN.pausedMs + STALLING_MAIN.runningMs} ms`,
			messagesPerRecipient: [...new Set(phones.map((phone) => sandbox.deliveredTo(phone)))],
			seconds,
		};
	}, 10 * 60_000);
});

describe("n8n's Retry of an execution that failed on item 3, on the workers", () => {
	it('replays items 1–2 and sends item 3: one message each, with the default key scope', async () => {
		const phones = phonesOf(2, 3);
		sandbox.injectFault({ kind: 'error', code: 1002, status: 400, method: 'POST', path: '/api/v1/chats', skip: 2 });
		expect((await postWebhook(FAIL_ON_ITEM_3.path, { phones })).status).toBe(200);
		const failed = await until('the execution to fail', () => {
			const id = executionIdsOf(FAIL_ON_ITEM_3.id).at(-1);
			return id && statusOf(id) === 'error' ? id : undefined;
		});
		expect(phones.map((phone) => sandbox.deliveredTo(phone))).toEqual([1, 1, 0]);

		const retry = await retryAsOwner(failed);
		expect(retry).toMatchObject({ mode: 'retry', retryOf: failed, status: 'success' });
		await sandbox.idle();
		expect(phones.map((phone) => sandbox.deliveredTo(phone))).toEqual([1, 1, 1]);
		const replays = sandbox.state.requests.filter((r: { path: string; idempotentReplay: boolean }) => r.path === '/api/v1/chats' && r.idempotentReplay);
		expect(replays).toHaveLength(2);
		figures.retryOfFailedItem = {
			failedExecution: { id: failed, workers: workersOf(failed) },
			retryExecution: { id: retry.id, workers: workersOf(retry.id), status: retry.status },
			messagesPerRecipient: phones.map((phone) => sandbox.deliveredTo(phone)),
			answeredFromIdempotencyStore: replays.length,
		};
	}, 5 * 60_000);
});

describe('a worker killed with SIGKILL in the middle of a slow batch', () => {
	beforeEach(() => {
		sandbox.config.latencyMs = BATCH.latencyMs;
	});
	afterEach(() => {
		sandbox.config.latencyMs = 0;
	});

	it.each<[string, Scope, number]>([
		['"Message Content" scope', 'content', 3],
		['"This Execution" scope (the default)', 'execution', 4],
	])('%s: n8n marks the execution failed, its Retry sends nothing twice; running the batch again…', async (_name, scope, block) => {
		const { id: workflowId, path: webhookPath, saveExecutionProgress } = KILL[scope];
		const phones = phonesOf(block, BATCH.size);

		expect((await postWebhook(webhookPath, { phones })).status).toBe(200);
		const executionId = await until('the batch execution', () => executionIdsOf(workflowId).at(-1));
		const [victimName] = await until('a worker to start the batch', () => {
			const workers = workersOf(executionId);
			return workers.length ? workers : undefined;
		});
		const victim = stack.workers.find((worker) => worker.name === victimName)!;
		await until(`${BATCH.killAfterSent} messages`, () => deliveries(phones).texted >= BATCH.killAfterSent || undefined, 60_000, 20);
		const killedAt = Date.now();
		await victim.kill('SIGKILL');
		// A request the worker had in flight is still answered (and sent) by Chert.
		await sandbox.idle();
		const beforeKill = deliveries(phones);
		expect(beforeKill.texted).toBeGreaterThan(0);
		expect(beforeKill.texted).toBeLessThan(BATCH.size);
		expect(beforeKill.duplicated).toBe(0);
		const savedWhenKilled = await savedData(executionId);

		// main marks the execution failed after the stall timeouts and its 30 s grace window.
		const status = await until('main to mark the execution failed', () => {
			const current = statusOf(executionId);
			return current === 'error' || current === 'crashed' ? current : undefined;
		}, 5 * 60_000, 500);
		const markedFailedAfterSeconds = (Date.now() - killedAt) / 1000;
		const savedWhenFailed = await savedData(executionId);
		await stack.startWorker(victim);

		// The user retries the failed execution from the Executions list.
		const retry = await retryAsOwner(executionId);
		await sandbox.idle();
		const afterRetry = deliveries(phones);
		expect(afterRetry.duplicated).toBe(0);

		// In n8n 2.41.1 the retry starts from what main saved for the killed execution, which is
		// no node left to run: the batch stays unfinished. Running it again is what finishes it.
		const rerunAt = Date.now();
		expect((await postWebhook(webhookPath, { phones })).status).toBe(200);
		const rerunId = await until('the re-run execution', () => executionIdsOf(workflowId).find((id) => Number(id) > Number(retry.id)));
		const rerunStatus = await until('the re-run to finish', () => {
			const current = statusOf(rerunId);
			return current === 'success' || current === 'error' ? current : undefined;
		}, 5 * 60_000, 500);
		await sandbox.idle();
		const afterRerun = deliveries(phones);
		expect(rerunStatus).toBe('success');
		expect(afterRerun.neverTexted).toBe(0);
		if (scope === 'content') {
			expect(afterRerun.duplicated).toBe(0);
			expect(afterRerun.maxPerRecipient).toBe(1);
		} else {
			// A re-run is a new execution: with the default scope, who had been texted is texted again.
			expect(afterRerun.duplicated).toBe(beforeKill.texted);
		}

		const killFigures = (figures.kill ??= {}) as Record<string, unknown>;
		killFigures[scope] = {
			batch: `${BATCH.size} recipients, ${BATCH.latencyMs} ms per send`,
			saveExecutionProgress,
			worker: victim.name,
			execution: executionId,
			sentBeforeKill: beforeKill.texted,
			savedWhenKilled,
			markedFailed: { status, afterSeconds: markedFailedAfterSeconds, saved: savedWhenFailed },
			retry: {
				execution: retry.id,
				status: statusOf(retry.id) ?? retry.status,
				workers: workersOf(retry.id),
				sentByRetry: afterRetry.messages - beforeKill.messages,
				recipientsWithASecondText: afterRetry.duplicated,
				neverTexted: afterRetry.neverTexted,
			},
			rerun: {
				execution: rerunId,
				workers: workersOf(rerunId),
				seconds: (Date.now() - rerunAt) / 1000,
				recipientsWithASecondText: afterRerun.duplicated,
				neverTexted: afterRerun.neverTexted,
				messages: afterRerun.messages,
			},
		};
	}, 10 * 60_000);
});

describe('teardown', () => {
	it('stops every process it started: no n8n, task runner, PostgreSQL or Redis left', async () => {
		await stack.stop();
		// Give the kernel a moment to reap what was just stopped.
		const leftovers = await until('no process left', () => (stack.leftovers().length === 0 ? [] : undefined), 30_000).catch(() => stack.leftovers());
		expect(leftovers).toEqual([]);
		figures.suiteSeconds = (Date.now() - SUITE_STARTED) / 1000;
		figures.leftoverProcesses = leftovers.length;
		fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
		fs.writeFileSync(FIGURES_FILE, `${JSON.stringify(figures, null, 2)}\n`);
		// eslint-disable-next-line no-console
		console.log(`queue mode figures (${FIGURES_FILE}):\n${JSON.stringify(figures, null, 2)}`);
	}, 3 * 60_000);
});
