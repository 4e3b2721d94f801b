/**
 * The Chert Trigger in Event Stream mode in a real n8n (the provisioned version, `n8n start`),
 * against the sandbox. No webhook is involved: the sandbox is started without
 * allowHttpWebhooks, and every event is recorded with `deliver: false`, so the only way it
 * can reach n8n is the stream n8n holds open (`GET /events/stream`).
 *
 * The sandbox's streams live 3 s and beat every second, so Chert's planned reconnects
 * (`event: close`, every 60 s for real) happen many times during the suite, beside the drops
 * a test forces. The node treats about 40 s without a byte as a dead connection: with
 * heartbeats off it would reconnect on its own schedule and hide what is being tested.
 *
 * The tests share one n8n and one workflow, in order (active, many events, a restart, a test
 * run, deactivation), but each counts only what it caused itself (its own message texts, the
 * executions that are new to it), so a failure points at its own test.
 */
import path from 'node:path';

import { RESUME_OVERLAP_MS } from '../../nodes/shared/eventStream/subscriber';
import { startSandbox } from '../sandbox';
import { N8n } from './lib/n8n';
import { chertCredential, chertNode, chertTriggerNode, workflow } from './lib/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const WORKFLOW_ID = 'e2estream0000001';
const WRONG_SECRET_WORKFLOW_ID = 'e2estreamwrong01';
// The editor gives every node that declares webhooks a webhookId, in either mode.
const WEBHOOK_ID = '7b0c2a4e-2222-4000-8000-00000000c4e7';
const WRONG_SECRET_WEBHOOK_ID = '7b0c2a4e-3333-4000-8000-00000000c4e7';
const WRONG_CREDENTIAL = { id: 'chertWrongSecret', name: 'Chert sandbox (wrong secret)' };
const WRONG_SECRET = 'wrong-secret-wrong-secret-wrong-';
const SENDER = '+15550000001';
const ANA = '+14155550123';
const STREAM_LIFETIME_MS = 3000;
const STREAM_HEARTBEAT_MS = 1000;
const STREAM_PARAMETERS = { deliveryMode: 'eventStream', events: ['message.received'] };

let sandbox: Sandbox;
let n8n: N8n;
let chatId: string;
const timings: Record<string, number> = {};

beforeAll(async () => {
	const started = Date.now();
	sandbox = await startSandbox({ streamLifetimeMs: STREAM_LIFETIME_MS, streamHeartbeatMs: STREAM_HEARTBEAT_MS });
	n8n = await new N8n().prepare();
	await n8n.importCredentials([
		chertCredential(sandbox.url, sandbox.signingSecret),
		chertCredential(sandbox.url, WRONG_SECRET, WRONG_CREDENTIAL.id, WRONG_CREDENTIAL.name),
	]);
	await n8n.importWorkflow(
		workflow(WORKFLOW_ID, 'Chert Trigger (Event Stream) → Reply', [
			chertTriggerNode(STREAM_PARAMETERS, WEBHOOK_ID),
			chertNode('Reply', {
				resource: 'message',
				operation: 'send',
				parts: { part: [{ type: 'text', text: '=Got it: {{ $json.text }}' }] },
			}, [220, 0]),
		]),
	);
	// Imported inactive: the last test activates it through the REST API, as the editor does.
	await n8n.importWorkflow(
		workflow(WRONG_SECRET_WORKFLOW_ID, 'Chert Trigger (Event Stream), wrong secret', [
			{ ...chertTriggerNode(STREAM_PARAMETERS, WRONG_SECRET_WEBHOOK_ID), credentials: { chertApi: WRONG_CREDENTIAL } },
		]),
	);
	await n8n.publishWorkflow(WORKFLOW_ID);
	const boot = Date.now();
	await n8n.start();
	timings.n8nStartMs = Date.now() - boot;
	await n8n.loginOwner();
	await waitFor(() => sandbox.openStreams() === 1, 'the stream n8n opens when it activates the workflow', 60_000);
	timings.setupMs = Date.now() - started;
	chatId = await seedChat();
});

afterAll(async () => {
	await n8n?.stop();
	n8n?.cleanUp();
	await sandbox?.close();
	// Measured numbers for the report (seen with --verbose or in CI's log).
	console.log(`[trigger-stream e2e] ${JSON.stringify(timings)}`);
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}; n8n's log: ${n8n.logFile}`);
}

/** Only for proving that something does not happen: there is no event to wait for. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Execution = { id: string; status: string; mode: string };

/** n8n's executions of a workflow, newest first (n8n lists at most 100 a page; the suite makes fewer). */
async function executions(workflowId = WORKFLOW_ID): Promise<Execution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const response = await n8n.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
	expect(response.status).toBe(200);
	return response.json.data.results;
}

const idsOf = async () => new Set((await executions()).map((e) => e.id));

/** The executions started since `before` was taken, once none of them is still running. */
async function newExecutions(before: Set<string>, count: number, what: string, timeoutMs = 60_000): Promise<Execution[]> {
	let fresh: Execution[] = [];
	await waitFor(
		async () => {
			fresh = (await executions()).filter((e) => !before.has(e.id));
			return fresh.length >= count && fresh.every((e) => !['new', 'running', 'waiting'].includes(e.status));
		},
		what,
		timeoutMs,
	);
	return fresh;
}

/** Every Send Message the workflow made, in order: the chat and the text. */
function replies(): Array<{ chatId: string; text: string }> {
	return sandbox.state.requests
		.filter((r) => r.method === 'POST' && /^\/api\/v1\/chats\/[^/]+\/messages$/.test(r.path))
		.map((r) => {
			const body = r.body as { message: { parts: Array<{ value: string }> } };
			return { chatId: r.path.split('/')[4], text: body.message.parts.map((p) => p.value).join('') };
		});
}

/** How many replies say "Got it: <text>". */
const repliesTo = (text: string) => replies().filter((r) => r.text === `Got it: ${text}`).length;

/** The requests made with one signing secret to the events log or its stream. */
function eventsRequests(secret = sandbox.signingSecret) {
	return sandbox.state.requests.filter(
		(r) => r.path.startsWith('/api/v1/events') && r.headers.authorization === `Bearer ${secret}`,
	);
}
const streamOpenings = () => eventsRequests().filter((r) => r.path === '/api/v1/events/stream').length;

/**
 * Waits until the stream has been reopened `count` more times: a late duplicate of an event
 * (one handed over again on a reconnect) would have been started by then.
 */
async function reconnects(count: number) {
	const target = streamOpenings() + count;
	await waitFor(() => streamOpenings() >= target && sandbox.openStreams() === 1, `${count} more stream reconnects`, 30_000);
}

/** A message from Ana, as Chert records it: in the events log and on open streams, never as a webhook. */
function customerTexts(text: string) {
	return sandbox.addInboundMessage({ chatId, text, deliver: false });
}

async function seedChat(): Promise<string> {
	const body = JSON.stringify({ from: SENDER, to: [ANA], message: { parts: [{ type: 'text', value: 'Your order shipped' }] } });
	const response = await fetch(`${sandbox.url}/api/v1/chats`, { method: 'POST', headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' }, body });
	return ((await response.json()) as { chat: { id: string } }).chat.id;
}

/** The first output item of each node in one execution (n8n keeps run data in its `flatted` form). */
async function outputsOf(executionId: string): Promise<Record<string, Record<string, any>>> {
	const { json } = await n8n.rest('GET', `/rest/executions/${executionId}`);
	const raw = json?.data?.data;
	const { parse } = require(path.join(n8n.provisioned.cache, `n8n-${n8n.provisioned.n8nVersion}`, 'node_modules/flatted')) as {
		parse: (text: string) => any;
	};
	const data = typeof raw === 'string' ? parse(raw) : raw;
	const runData = (data?.resultData?.runData ?? {}) as Record<string, any[]>;
	return Object.fromEntries(Object.entries(runData).map(([node, runs]) => [node, runs[0]?.data?.main?.[0]?.[0]?.json ?? {}]));
}

describe('an active Chert Trigger in Event Stream mode in n8n', () => {
	it('runs once on a message the stream carries and replies in its chat, with no webhook subscription at Chert', async () => {
		const before = await idsOf();
		const sent = Date.now();
		customerTexts('Is it shipped?');
		await waitFor(() => repliesTo('Is it shipped?') === 1, 'the reply');
		timings.messageToReplyMs = Date.now() - sent;

		expect(replies().at(-1)).toEqual({ chatId, text: 'Got it: Is it shipped?' });
		const fresh = await newExecutions(before, 1, 'the execution to finish');
		expect(fresh.map((e) => [e.mode, e.status])).toEqual([['trigger', 'success']]);
		// The stream carried it: n8n subscribed nothing and holds one stream open.
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(sandbox.state.requests.some((r) => r.path.startsWith('/api/v1/webhook-subscriptions'))).toBe(false);
		expect(sandbox.openStreams()).toBe(1);
	});

	it('runs each of 30 messages exactly once across forced drops and planned reconnects', async () => {
		const before = await idsOf();
		const openingsBefore = streamOpenings();
		const catchUps = () => eventsRequests().filter((r) => r.path === '/api/v1/events' && r.query.limit !== '1').length;
		const catchUpsBefore = catchUps();
		const texts = Array.from({ length: 30 }, (_, i) => `Burst ${i + 1}`);
		let drops = 0;
		const started = Date.now();
		for (const [i, text] of texts.entries()) {
			if (i % 7 === 6) {
				// A drop must cut a live stream: between two, n8n is catching up from the log (on a
				// loaded machine for a second or two), and a drop then would cut nothing.
				await waitFor(() => sandbox.openStreams() === 1, 'a stream to cut');
				customerTexts(text);
				// Cut in the same tick as the event was written: n8n may or may not have read it,
				// and must fill the gap from GET /events either way.
				sandbox.dropStreams();
				drops++;
			} else {
				customerTexts(text);
			}
			// Spread over about two stream lifetimes, so planned closes fall between messages too.
			await pause(200);
		}
		await waitFor(() => texts.every((text) => repliesTo(text) >= 1), 'a reply to each of the 30 messages', 120_000);
		timings.burstOf30Ms = Date.now() - started;
		// Anything handed over twice on a reconnect would show up by now.
		await reconnects(2);

		expect(texts.filter((text) => repliesTo(text) !== 1)).toEqual([]);
		const fresh = await newExecutions(before, 30, 'the 30 executions to finish');
		expect(fresh).toHaveLength(30);
		expect(fresh.filter((e) => e.mode !== 'trigger' || e.status !== 'success')).toEqual([]);
		// The paths really were taken: each cut stream was reopened and its gap read from the
		// log, and the stream was reopened after planned closes (the two awaited above at least).
		expect(drops).toBe(4);
		expect(streamOpenings() - openingsBefore).toBeGreaterThanOrEqual(drops + 2);
		expect(catchUps() - catchUpsBefore).toBeGreaterThanOrEqual(drops);
	});

	it('after n8n was stopped, runs the 5 messages sent meanwhile once each on start, and nothing from before again', async () => {
		const before = await idsOf();
		const repliesBefore = replies().length;
		const lastHandled = sandbox.state.events.at(-1)!;
		await n8n.stop();
		await waitFor(() => sandbox.openStreams() === 0, 'n8n’s stream to close with n8n');

		const texts = Array.from({ length: 5 }, (_, i) => `While n8n was down ${i + 1}`);
		for (const text of texts) {
			customerTexts(text);
			await pause(20); // distinct times in the log, as real messages have
		}
		const boot = Date.now();
		await n8n.start();
		timings.n8nRestartMs = Date.now() - boot;
		await n8n.loginOwner();
		await waitFor(() => texts.every((text) => repliesTo(text) >= 1), 'a reply to each message sent while n8n was down', 60_000);
		timings.restartToCaughtUpMs = Date.now() - boot;
		await reconnects(2);

		// The five, once each, and no other reply: nothing handled before the stop ran again.
		expect(texts.map(repliesTo)).toEqual([1, 1, 1, 1, 1]);
		expect(replies().slice(repliesBefore).map((r) => r.text).sort()).toEqual(texts.map((t) => `Got it: ${t}`).sort());
		const fresh = await newExecutions(before, 5, 'the 5 executions to finish');
		expect(fresh).toHaveLength(5);
		expect(fresh.filter((e) => e.status !== 'success')).toEqual([]);
		// It resumed where it had stopped (the cursor in the workflow's static data): the first
		// read of the log after the start began at the last event it had handled, less the
		// overlap every resume asks for (RESUME_OVERLAP_MS: events of the same millisecond).
		const startedAt = new Date(boot).toISOString();
		const firstRead = eventsRequests().find((r) => r.at >= startedAt && r.path === '/api/v1/events' && r.query.limit !== '1');
		expect(firstRead?.query.since).toBe(new Date(Date.parse(lastHandled.created_at) - RESUME_OVERLAP_MS).toISOString());
	}, 300_000);

	it('“Listen for test event” runs the workflow once on the next message, beside the active workflow', async () => {
		const before = await idsOf();
		const run = await n8n.runFromTrigger(WORKFLOW_ID, 'Chert Trigger');
		expect(run.status).toBe(200);
		// No webhook to wait for: n8n runs the trigger itself, in manual mode.
		expect(run.json.data?.waitingForWebhook).toBeFalsy();
		await waitFor(() => sandbox.openStreams() === 2, 'the test run’s own stream beside the active workflow’s');

		customerTexts('From the editor');
		const fresh = await newExecutions(before, 2, 'the test run and the active workflow’s run');
		expect(fresh.map((e) => e.mode).sort()).toEqual(['manual', 'trigger']);
		expect(fresh.filter((e) => e.status !== 'success')).toEqual([]);
		const manual = fresh.find((e) => e.mode === 'manual')!;
		const outputs = await outputsOf(manual.id);
		expect(outputs['Chert Trigger']).toMatchObject({ event: 'message.received', text: 'From the editor', chatId });
		expect(outputs.Reply).toMatchObject({ chatId });
		// One reply from each run; the test run's stream ends with it.
		expect(repliesTo('From the editor')).toBe(2);
		await waitFor(() => sandbox.openStreams() === 1, 'the test run’s stream to close');
	});

	it('deactivated through the REST API, closes its stream, asks Chert nothing more and runs nothing', async () => {
		const response = await n8n.deactivateWorkflow(WORKFLOW_ID);
		expect(response.status).toBe(200);
		await waitFor(() => sandbox.openStreams() === 0, 'the stream to close');
		const before = await idsOf();
		const requestsBefore = eventsRequests().length;

		customerTexts('After deactivation');
		// Longer than a stream's lifetime and a heartbeat: a subscriber still running would have reconnected.
		await pause(2 * STREAM_LIFETIME_MS);
		expect(eventsRequests().slice(requestsBefore).map((r) => `${r.method} ${r.path}`)).toEqual([]);
		expect(sandbox.openStreams()).toBe(0);
		expect(repliesTo('After deactivation')).toBe(0);
		expect((await executions()).filter((e) => !before.has(e.id))).toEqual([]);
	});
});

describe('a Chert Trigger in Event Stream mode with a secret Chert refuses', () => {
	/**
	 * What n8n tells the user about the activation. n8n 1.x activates at once and answers the
	 * failure (400, its message). n8n 2.x answers 200 and publishes in the background, retrying
	 * a failing trigger's activation 5 times (1, 2, 4, 8 s apart), then reports it in the
	 * workflow's publication status (what the editor shows).
	 */
	async function activationFailure(response: { status: number; json: any }): Promise<string> {
		if (response.status !== 200) {
			expect(response.status).toBe(400);
			return response.json.message;
		}
		let status: any;
		await waitFor(
			async () => {
				status = (await n8n.rest('GET', `/rest/workflows/${WRONG_SECRET_WORKFLOW_ID}/publication-status`)).json?.data;
				return status?.status !== 'in_progress';
			},
			'n8n to give up publishing the workflow',
			90_000,
		);
		expect(status).toMatchObject({ status: 'failed', liveVersionId: null, triggers: [{ status: 'failed' }] });
		return status.triggers[0].errorMessage;
	}

	it('fails its activation with Chert’s 401 and the credential named, and nothing keeps asking Chert', async () => {
		const response = await n8n.activateWorkflow(WRONG_SECRET_WORKFLOW_ID);
		const shown = await activationFailure(response);
		expect(shown).toContain(
			`Chert refused the Chert API credential “${WRONG_CREDENTIAL.name}” (401): Invalid bearer token (Chert error 2004)`,
		);
		if (response.status !== 200) {
			const saved = await n8n.rest('GET', `/rest/workflows/${WRONG_SECRET_WORKFLOW_ID}`);
			expect(saved.json.data.active).toBe(false);
		}

		// Refused at the check before the stream: the stream itself was never opened, and only
		// n8n's own spaced retries of the activation asked again, never a loop of the node's.
		const refused = () => eventsRequests(WRONG_SECRET);
		const asked = refused().length;
		expect(refused().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(Array(asked).fill('GET /api/v1/events 401'));
		expect(asked).toBeGreaterThanOrEqual(1);
		expect(asked).toBeLessThanOrEqual(5);
		const times = refused().map((r) => Date.parse(r.at));
		expect(times.slice(1).map((t, i) => t - times[i]).filter((gap) => gap < 900)).toEqual([]);
		// Longer than n8n's largest wait between its retries here (8 s).
		await pause(10_000);
		expect(refused()).toHaveLength(asked);
		expect(await executions(WRONG_SECRET_WORKFLOW_ID)).toEqual([]);
	}, 180_000);
});
