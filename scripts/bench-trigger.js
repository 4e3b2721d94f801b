#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run bench:trigger`: how fast the Chert Trigger starts a workflow, Event Stream beside
 * Webhook, in a real n8n against the Chert sandbox.
 *
 * One n8n (`n8n start`, n8n 2.41.1 unless N8N_VERSION, the packed package installed as a
 * community package) and the sandbox in this process (allowHttpWebhooks, so Webhook mode
 * works on http://127.0.0.1; the documented 60 s stream lifetime and 15 s heartbeat). One
 * workflow per mode, each a trigger → No Operation:
 *
 *   webhook      Chert Trigger, Receive Events Via: Webhook (the sandbox POSTs signed deliveries)
 *   eventStream  Chert Trigger, Receive Events Via: Event Stream (n8n holds GET /events/stream open)
 *   reference    n8n's own Webhook node, POSTed by this script: what n8n itself costs per
 *                event, without Chert (the floor both modes stand on)
 *
 * One mode at a time: its workflow is activated through the REST API as the editor's Publish
 * does, measured, then deactivated (the subscription deleted, the stream closed) before the next.
 * Per mode:
 *   - warm-up: BENCH_TRIGGER_WARMUP messages, not counted (n8n's first runs load code);
 *   - latency: BENCH_TRIGGER_EVENTS inbound messages, one every BENCH_TRIGGER_SPACING_MS.
 *     Latency = the execution's `startedAt` in n8n (ms precision) − the `created_at` the sandbox
 *     gave the message's event when it recorded it (the moment Chert logs it; the stream write
 *     and the webhook POST start right after). For the reference, the moment before the POST.
 *     Both are this machine's clock (`Date.now()` in this process and in n8n);
 *   - throughput: BENCH_TRIGGER_BURST messages recorded back to back, then events/s = the
 *     executions started / (the last one's startedAt − the first message's created_at), and
 *     the same to the last one's stoppedAt (finished/s: what n8n keeps up with).
 * Each execution is read back (GET /rest/executions/:id) and matched to its event by the
 * event_id in its data: an event that started no execution, or two, or a failed one, is
 * counted and shown. n8n's CPU time per event comes from /proc (its main process), the idle
 * rate measured just before subtracted.
 *
 * Prints a Markdown table and the raw numbers as JSON (stdout); `--out FILE` writes the JSON to
 * FILE too, `--detail` adds every event's timings and the CPU samples. Progress goes to
 * stderr. n8n, the sandbox and the temp folders are removed on exit, on an error and on Ctrl-C
 * (CHERT_E2E_KEEP=1 keeps n8n's folder).
 *
 * Environment: BENCH_TRIGGER_EVENTS (120), BENCH_TRIGGER_SPACING_MS (500),
 * BENCH_TRIGGER_BURST (200), BENCH_TRIGGER_WARMUP (5), BENCH_TRIGGER_MODES
 * (webhook,eventStream,reference: which, in this order), N8N_VERSION; n8n's own variables
 * (e.g. N8N_EXPRESSION_ENGINE) reach n8n.
 */
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../test/sandbox');
const { N8n } = require('../test/e2e/lib/n8n');
const { packPackage } = require('../test/e2e/lib/install-package');
const { chertCredential, chertTriggerNode, node, webhookNode, workflow } = require('../test/e2e/lib/workflows');

const EVENTS = Number(process.env.BENCH_TRIGGER_EVENTS ?? 120);
const SPACING_MS = Number(process.env.BENCH_TRIGGER_SPACING_MS ?? 500);
const BURST = Number(process.env.BENCH_TRIGGER_BURST ?? 200);
const WARMUP = Number(process.env.BENCH_TRIGGER_WARMUP ?? 5);
/** @typedef {'webhook' | 'eventStream' | 'reference'} Mode */
const MODES = /** @type {Mode[]} */ ((process.env.BENCH_TRIGGER_MODES ?? 'webhook,eventStream,reference').split(','));
const DETAIL = process.argv.includes('--detail');
const OUT = (() => {
	const at = process.argv.indexOf('--out');
	return at >= 0 ? process.argv[at + 1] : undefined;
})();

const SENDER = '+15550000001';
const CUSTOMER = '+14155550123';
const REFERENCE_PATH = 'bench-trigger-reference';

/** @type {Record<Mode, { id: string, label: string }>} */
const WORKFLOWS = {
	webhook: { id: 'benchtrigwebhook', label: 'Chert Trigger, Webhook' },
	eventStream: { id: 'benchtrigstream1', label: 'Chert Trigger, Event Stream' },
	reference: { id: 'benchtrigrefer01', label: 'n8n Webhook node (reference, no Chert)' },
};

const log = (/** @type {string} */ message) => console.error(`[bench:trigger] ${message}`);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest rank: the smallest value with at least p % of the values at or below it. @param {number[]} values @param {number} p */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** @param {string} what @param {() => boolean | Promise<boolean>} condition */
async function waitFor(what, condition, timeoutMs = 30_000, everyMs = 100) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await sleep(everyMs);
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** Other n8n processes on this machine (other people's suites): part of the load the numbers were taken under. */
function otherN8nProcesses() {
	let count = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			const at = args.findIndex((arg) => /(^|\/)n8n$/.test(arg));
			if (at >= 0 && ['start', 'worker', 'webhook', 'execute'].includes(args[at + 1])) count++;
		} catch {
			// gone
		}
	}
	return count;
}

function load() {
	const [one, five] = os.loadavg();
	return { loadAvg1m: Number(one.toFixed(2)), loadAvg5m: Number(five.toFixed(2)), otherN8nProcesses: otherN8nProcesses() };
}

/**
 * The CPU time (user + system, ms) n8n's main process has used, every 250 ms, from /proc.
 * @param {number} pid
 */
function cpuSampler(pid) {
	const msPerTick = 1000 / 100; // USER_HZ
	const read = () => {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) * msPerTick;
	};
	/** @type {Array<[number, number]>} */
	const samples = [];
	const sample = () => {
		try {
			samples.push([Date.now(), read()]);
		} catch {
			// gone
		}
	};
	sample();
	const timer = setInterval(sample, 250);
	return {
		samples,
		/** CPU ms used at time t (interpolated between samples). @param {number} t */
		at(t) {
			if (t >= Date.now() - 250) sample();
			let before = samples[0];
			for (const s of samples) {
				if (s[0] > t) {
					const span = s[0] - before[0];
					return span > 0 ? before[1] + ((s[1] - before[1]) * (t - before[0])) / span : s[1];
				}
				before = s;
			}
			return before[1];
		},
		stop() {
			clearInterval(timer);
		},
	};
}

/**
 * A REST call that waits out n8n's 503 "Database is not ready!" (n8n answers every request so
 * while its database ping fails, e.g. under a burst of webhooks on a busy machine).
 * @param {N8n} n8n @param {string} method @param {string} pathname @param {unknown} [body]
 */
async function rest(n8n, method, pathname, body, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await n8n.rest(method, pathname, body);
		if (response.status !== 503 || Date.now() > deadline) return response;
		await sleep(500);
	}
}

/**
 * Activates a workflow as the editor's Publish does (n8n then runs the trigger's activation).
 * n8n 1.x has no /activate: there the editor saves it with `active: true`.
 * @param {N8n} n8n @param {string} id
 */
async function activate(n8n, id) {
	const saved = await rest(n8n, 'GET', `/rest/workflows/${id}`);
	if (saved.status !== 200) throw new Error(`reading workflow ${id}: ${saved.status} ${saved.text}`);
	const { versionId } = saved.json.data;
	let response = await rest(n8n, 'POST', `/rest/workflows/${id}/activate`, { versionId });
	if (response.status === 404) response = await rest(n8n, 'PATCH', `/rest/workflows/${id}`, { active: true, versionId });
	if (response.status !== 200) throw new Error(`activating workflow ${id}: ${response.status} ${response.text}`);
}

/**
 * @typedef {{ id: number, eventId: string | undefined, status: string, createdAt: number, startedAt: number, stoppedAt: number }} Execution
 * @typedef {{ id: string, recordedAt: number }} SentEvent
 */

/**
 * The executions with ids from `fromId` on (n8n's ids count up), read one by one once
 * finished, each matched to the event whose id its data carries. Ends when every event has
 * one and nothing newer has appeared for 2 s (so a second execution of an event is seen), or
 * when nothing new has appeared for `idleMs` after `quiet` resolved (the deliveries are over:
 * an event still without an execution was lost). An id n8n does not have while a later one
 * exists is skipped; an execution unfinished after 60 s is taken as it is.
 * @param {N8n} n8n @param {number} fromId @param {Set<string>} eventIds @param {Promise<unknown>} quiet
 */
async function collectExecutions(n8n, fromId, eventIds, quiet, idleMs = 15_000, timeoutMs = 600_000) {
	/** @type {Execution[]} */
	const executions = [];
	const matched = new Set();
	let quietSince = 0;
	void quiet.then(() => (quietSince = Date.now()));
	const deadline = Date.now() + timeoutMs;
	const read = async (/** @type {number} */ id) => {
		const response = await rest(n8n, 'GET', `/rest/executions/${id}`);
		return response.status === 200 ? response.json?.data : undefined;
	};
	let id = fromId;
	let lastNew = Date.now();
	while (Date.now() < deadline) {
		const execution = await read(id);
		if (!execution) {
			const idle = Date.now() - Math.max(lastNew, quietSince);
			if (matched.size === eventIds.size && Date.now() - lastNew >= 2_000) break;
			if (quietSince && idle >= idleMs) break;
			if (Date.now() - lastNew >= 1_000 && (await read(id + 1))) {
				id++; // an id n8n never used
				continue;
			}
			await sleep(250);
			continue;
		}
		if (!execution.stoppedAt && Date.now() - lastNew < 60_000) {
			await sleep(250);
			continue;
		}
		const data = String(execution.data ?? '');
		const eventId = [...eventIds].find((candidate) => data.includes(candidate));
		if (eventId) matched.add(eventId);
		executions.push({
			id,
			eventId,
			status: execution.stoppedAt ? execution.status : `${execution.status} (unfinished after 60 s)`,
			createdAt: Date.parse(execution.createdAt),
			startedAt: Date.parse(execution.startedAt),
			stoppedAt: Date.parse(execution.stoppedAt),
		});
		id++;
		lastNew = Date.now();
	}
	if (Date.now() >= deadline) log(`gave up reading executions after ${timeoutMs / 1000} s`);
	return { executions, nextId: id };
}

/**
 * Which event started which execution: the successful first execution of each event, and what
 * went wrong otherwise (no execution, a second one, a failed one, one for no event sent).
 * @param {SentEvent[]} events @param {Execution[]} executions
 */
function matchEvents(events, executions) {
	/** @type {Map<string, Execution>} */
	const byEvent = new Map();
	const problems = { missing: 0, duplicates: 0, failed: 0, foreign: 0 };
	for (const execution of executions) {
		if (execution.eventId === undefined) problems.foreign++;
		else if (byEvent.has(execution.eventId)) problems.duplicates++;
		else if (execution.status !== 'success' || !Number.isFinite(execution.startedAt)) problems.failed++;
		else byEvent.set(execution.eventId, execution);
	}
	/** @type {Array<{ event: SentEvent, execution: Execution }>} */
	const runs = [];
	for (const event of events) {
		const execution = byEvent.get(event.id);
		if (execution) runs.push({ event, execution });
		else if (!executions.some((e) => e.eventId === event.id)) problems.missing++;
	}
	return { runs, problems };
}

/**
 * How events reach a mode's workflow: activation, one message, the wait until its deliveries
 * are over, deactivation.
 * @param {N8n} n8n
 * @param {Awaited<ReturnType<typeof startSandbox>>} sandbox
 * @param {Mode} mode
 * @param {string} chatId
 */
function sourceOf(n8n, sandbox, mode, chatId) {
	const workflowId = WORKFLOWS[mode].id;
	/** @type {Array<Promise<{ status: number, error?: string }>>} */
	const posts = [];
	return {
		async activate() {
			await activate(n8n, workflowId);
			if (mode === 'webhook') {
				await waitFor('the webhook subscription', () => sandbox.state.subscriptions.size === 1);
				// n8n 2.41 activates a published workflow after the REST call has answered, and
				// stores the trigger's static data (the subscription's secret) only after Chert has
				// answered the subscription: a delivery in between is refused (401, "no subscription
				// secret") and Chert does not retry a 4xx.
				await waitFor('the subscription secret in the workflow’s static data', async () => {
					const saved = await rest(n8n, 'GET', `/rest/workflows/${workflowId}`);
					return typeof saved.json?.data?.staticData?.['node:Chert Trigger']?.secret === 'string';
				});
			} else if (mode === 'eventStream') {
				await waitFor('the event stream', () => sandbox.openStreams() === 1);
			} else {
				// Registered: n8n answers a GET on a POST-only webhook with a hint instead of "not registered".
				await waitFor('the reference webhook', async () => {
					const response = await fetch(`${n8n.baseUrl}/webhook/${REFERENCE_PATH}`).catch(() => undefined);
					return /POST/.test((await response?.text()) ?? '');
				});
			}
		},
		/** @param {string} text @returns {SentEvent} */
		send(text) {
			if (mode !== 'reference') {
				const { event } = sandbox.addInboundMessage({ chatId, text });
				return { id: event.id, recordedAt: Date.parse(event.created_at) };
			}
			const id = randomUUID();
			const recordedAt = Date.now();
			posts.push(
				fetch(`${n8n.baseUrl}/webhook/${REFERENCE_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ event_id: id, text }),
					signal: AbortSignal.timeout(10_000),
				}).then(
					async (response) => ({ status: response.status, body: await response.text() }),
					(error) => ({ status: 0, error: error instanceof Error ? error.name : String(error) }),
				),
			);
			return { id, recordedAt };
		},
		/** Every delivery (with Chert's retries) or POST has been answered; nothing comes for a stream. */
		async quiet() {
			if (mode === 'webhook') await sandbox.deliveriesSettled();
			if (mode === 'reference') await Promise.all(posts);
		},
		/** Status (or error) → count, of the webhook POSTs that did not answer 2xx. */
		async failedPosts() {
			/** @type {Record<string, number>} */
			const counts = {};
			const answers =
				mode === 'webhook'
					? sandbox.state.webhookDeliveries.map((d) => ({ status: d.status, error: d.error }))
					: await Promise.all(posts);
			for (const { status, error } of answers) {
				if (status >= 200 && status < 300) continue;
				const key = error ?? String(status);
				counts[key] = (counts[key] ?? 0) + 1;
			}
			return { posts: answers.length, notOk: counts };
		},
		async deactivate() {
			let response = await n8n.deactivateWorkflow(workflowId);
			for (const deadline = Date.now() + 180_000; response.status === 503 && Date.now() < deadline; ) {
				await sleep(500);
				response = await n8n.deactivateWorkflow(workflowId);
			}
			if (response.status !== 200) throw new Error(`deactivating ${workflowId}: ${response.status} ${response.text}`);
			if (mode === 'webhook') await waitFor('the subscription to be deleted', () => sandbox.state.subscriptions.size === 0);
			if (mode === 'eventStream') await waitFor('the event stream to close', () => sandbox.openStreams() === 0);
		},
	};
}

/**
 * @param {N8n} n8n
 * @param {Awaited<ReturnType<typeof startSandbox>>} sandbox
 * @param {Mode} mode
 * @param {string} chatId
 * @param {{ nextId: number }} cursor the first execution id not read yet
 * @param {ReturnType<typeof cpuSampler>} cpu
 */
async function measureMode(n8n, sandbox, mode, chatId, cursor, cpu) {
	const { label } = WORKFLOWS[mode];
	const source = sourceOf(n8n, sandbox, mode, chatId);
	sandbox.state.webhookDeliveries.length = 0;
	const loadBefore = load();
	log(`${label}: activating (load ${loadBefore.loadAvg1m}, ${loadBefore.otherN8nProcesses} other n8n processes)`);
	await source.activate();

	/** @param {SentEvent[]} events */
	const executionsOf = async (events) => {
		const collected = await collectExecutions(n8n, cursor.nextId, new Set(events.map((e) => e.id)), source.quiet());
		cursor.nextId = collected.nextId;
		return matchEvents(events, collected.executions);
	};
	/** n8n's CPU ms per started event from the first message to the last execution's end, idle use taken out. @param {SentEvent[]} events @param {Array<{ execution: Execution }>} runs @param {number} idleMsPerMs */
	const cpuPerEvent = (events, runs, idleMsPerMs) => {
		if (runs.length === 0) return undefined;
		const from = events[0].recordedAt;
		const to = Math.max(...runs.map(({ execution }) => execution.stoppedAt));
		return Math.round((cpu.at(to) - cpu.at(from) - idleMsPerMs * (to - from)) / runs.length);
	};
	const idleRate = async () => {
		const from = Date.now();
		const used = cpu.at(from);
		await sleep(2_000);
		return (cpu.at(Date.now()) - used) / (Date.now() - from);
	};

	const warmup = [];
	for (let i = 0; i < WARMUP; i++) {
		warmup.push(source.send(`warm-up ${i}`));
		await sleep(300);
	}
	const warm = await executionsOf(warmup);
	if (warm.runs.length !== WARMUP) log(`${label}: warm-up ${JSON.stringify(warm.problems)}`);

	// Latency: one message every SPACING_MS, on a fixed schedule.
	let idle = await idleRate();
	log(`${label}: latency, ${EVENTS} messages ${SPACING_MS} ms apart`);
	const spaced = [];
	const t0 = Date.now();
	for (let i = 0; i < EVENTS; i++) {
		const wait = t0 + i * SPACING_MS - Date.now();
		if (wait > 0) await sleep(wait);
		spaced.push(source.send(`latency ${i}`));
	}
	const latency = await executionsOf(spaced);
	const latencies = latency.runs.map(({ event, execution }) => execution.startedAt - event.recordedAt);
	const toCreated = latency.runs.map(({ event, execution }) => execution.createdAt - event.recordedAt);
	const latencyCpu = cpuPerEvent(spaced, latency.runs, idle);

	// Throughput: a burst recorded back to back.
	idle = await idleRate();
	log(`${label}: burst of ${BURST} messages`);
	const burst = [];
	for (let i = 0; i < BURST; i++) burst.push(source.send(`burst ${i}`));
	const burstRecordedMs = burst[burst.length - 1].recordedAt - burst[0].recordedAt;
	const burstResult = await executionsOf(burst);
	const starts = burstResult.runs.map(({ execution }) => execution.startedAt).sort((a, b) => a - b);
	const firstToLastMs = starts.length > 1 ? starts[starts.length - 1] - starts[0] : NaN;
	const burstLatencies = burstResult.runs.map(({ event, execution }) => execution.startedAt - event.recordedAt);
	const burstCpu = cpuPerEvent(burst, burstResult.runs, idle);

	const posts = mode === 'eventStream' ? undefined : await source.failedPosts();
	await source.deactivate();
	const loadAfter = load();

	const detail = DETAIL
		? [...latency.runs, ...burstResult.runs].map(({ event, execution }) => ({
				event: event.id,
				recordedAt: event.recordedAt,
				createdMs: execution.createdAt - event.recordedAt,
				startedMs: execution.startedAt - event.recordedAt,
				stoppedMs: execution.stoppedAt - event.recordedAt,
			}))
		: undefined;
	const result = {
		mode,
		label,
		latency: {
			sent: spaced.length,
			started: latency.runs.length,
			problems: latency.problems,
			spacingMs: SPACING_MS,
			medianMs: median(latencies),
			p95Ms: percentile(latencies, 95),
			maxMs: Math.max(...latencies),
			minMs: Math.min(...latencies),
			// To the execution's createdAt (n8n has stored it), instead of its startedAt.
			toCreatedMedianMs: median(toCreated),
			toCreatedP95Ms: percentile(toCreated, 95),
			n8nCpuMsPerEvent: latencyCpu,
			valuesMs: latencies,
		},
		burst: {
			sent: BURST,
			started: burstResult.runs.length,
			problems: burstResult.problems,
			recordedInMs: burstRecordedMs,
			firstToLastStartMs: firstToLastMs,
			// The whole burst: from its first message recorded to its last execution started.
			drainMs: starts.length > 0 ? starts[starts.length - 1] - burst[0].recordedAt : NaN,
			eventsPerSecond: Number(((burstResult.runs.length * 1000) / (starts[starts.length - 1] - burst[0].recordedAt)).toFixed(1)),
			// Executions finished per second: from the first message to the last execution's end.
			finishedPerSecond: Number(((burstResult.runs.length * 1000) / (Math.max(...burstResult.runs.map(({ execution }) => execution.stoppedAt)) - burst[0].recordedAt)).toFixed(1)),
			// Only between the first and the last start (misleading when n8n starts them all late, together).
			betweenStartsEventsPerSecond: Number((((burstResult.runs.length - 1) * 1000) / firstToLastMs).toFixed(1)),
			latencyMedianMs: median(burstLatencies),
			latencyMaxMs: Math.max(...burstLatencies),
			n8nCpuMsPerEvent: burstCpu,
		},
		posts,
		loadBefore,
		loadAfter,
		detail,
	};
	log(
		`${label}: latency median ${result.latency.medianMs} ms, p95 ${result.latency.p95Ms} ms, max ${result.latency.maxMs} ms ` +
			`(${result.latency.started}/${spaced.length} started, ${latencyCpu} ms n8n CPU each); burst ${result.burst.eventsPerSecond} events/s ` +
			`(${result.burst.started}/${BURST} started ${result.burst.drainMs} ms after the first message; ${result.burst.finishedPerSecond} finished/s; ${burstCpu} ms n8n CPU each)` +
			(posts && Object.keys(posts.notOk).length > 0 ? `; POSTs not 2xx: ${JSON.stringify(posts.notOk)}` : ''),
	);
	return result;
}

/** @param {any} report */
function renderMarkdown(report) {
	const started = (/** @type {{ started: number, sent: number }} */ p) => (p.started === p.sent ? `${p.sent}` : `**${p.started} of ${p.sent}**`);
	const rows = report.modes.map(
		(/** @type {any} */ m) =>
			`| ${m.label} | ${started(m.latency)} | ${m.latency.medianMs} | ${m.latency.p95Ms} | ${m.latency.maxMs} | ` +
			`${m.burst.eventsPerSecond} (${started(m.burst)} in ${(m.burst.drainMs / 1000).toFixed(1)} s) | ${m.burst.finishedPerSecond} | ` +
			`${m.latency.n8nCpuMsPerEvent} / ${m.burst.n8nCpuMsPerEvent} |`,
	);
	const { machine } = report;
	const failedPosts = report.modes
		.filter((/** @type {any} */ m) => m.posts && Object.keys(m.posts.notOk).length > 0)
		.map((/** @type {any} */ m) => `${m.label}: ${Object.entries(m.posts.notOk).map(([k, v]) => `${v} × ${k}`).join(', ')} of ${m.posts.posts} POSTs`);
	return [
		`n8n ${report.n8n} (expression engine ${report.expressionEngine}) on Node ${report.n8nNode}, SQLite; ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB; ${report.date}.`,
		`Load: 1-min load average ${report.modes.map((/** @type {any} */ m) => `${m.loadBefore.loadAvg1m}→${m.loadAfter.loadAvg1m}`).join(', ')} (before→after each mode), ` +
			`${Math.max(...report.modes.map((/** @type {any} */ m) => m.loadBefore.otherN8nProcesses))} other n8n processes running.`,
		'',
		'| Trigger | Events | Median latency (ms) | p95 (ms) | Max (ms) | Burst: executions started/s | Burst: finished/s | n8n CPU per event (ms), spaced / burst |',
		'|---|---|---|---|---|---|---|---|',
		...rows,
		'',
		`Latency: execution \`startedAt\` − the sandbox's \`created_at\` of the event, ${report.settings.events} messages ${report.settings.spacingMs} ms apart after ${report.settings.warmup} warm-up ones. ` +
			`Burst: ${report.settings.burst} messages at once; started/s = executions started / (last one's startedAt − first message's created_at), finished/s the same to the last one's stoppedAt.` +
			(failedPosts.length > 0 ? ` Webhook POSTs not answered 2xx: ${failedPosts.join('; ')}.` : ''),
		'',
	].join('\n');
}

async function main() {
	/** @type {N8n | undefined} */
	let n8n;
	/** @type {Awaited<ReturnType<typeof startSandbox>> | undefined} */
	let sandbox;
	/** @type {ReturnType<typeof cpuSampler> | undefined} */
	let cpu;
	/** @type {string | undefined} */
	let packDir;
	/** @type {Promise<void> | undefined} */
	let cleaning;
	const cleanUp = () =>
		(cleaning ??= (async () => {
			cpu?.stop();
			await n8n?.stop();
			n8n?.cleanUp();
			await sandbox?.close();
			if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
		})());
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
		process.once(signal, () => {
			log(`${signal}: stopping n8n and the sandbox`);
			void cleanUp().finally(() => process.exit(130));
		});
	}

	try {
		sandbox = await startSandbox({ allowHttpWebhooks: true });
		n8n = new N8n();
		log('building and packing the package, installing it in a fresh n8n user folder');
		// Packed here, so that its temp folder is known and removed at the end (prepare() reuses it).
		packDir = path.dirname(packPackage());
		await n8n.prepare();
		if (process.env.CHERT_E2E_KEEP === '1') log(`n8n's folder (kept): ${n8n.userFolder}`);
		await n8n.importCredentials([chertCredential(sandbox.url, sandbox.signingSecret)]);
		const noOp = node('No Operation', 'n8n-nodes-base.noOp', 1, [220, 0]);
		const triggers = {
			webhook: chertTriggerNode({ deliveryMode: 'webhook', events: ['message.received'] }, 'b3c1e2a4-0000-4000-8000-0000000be7c1'),
			eventStream: chertTriggerNode({ deliveryMode: 'eventStream', events: ['message.received'] }, 'b3c1e2a4-0000-4000-8000-0000000be7c2'),
			reference: webhookNode(REFERENCE_PATH, [0, 0], { responseMode: 'onReceived' }),
		};
		for (const mode of MODES) {
			const { id, label } = WORKFLOWS[mode];
			await n8n.importWorkflow(workflow(id, `Bench: ${label} → No Operation`, [triggers[mode], noOp]));
		}
		log(`starting n8n ${n8n.provisioned.n8nVersion}`);
		await n8n.start();
		await n8n.loginOwner();
		cpu = cpuSampler(/** @type {number} */ (n8n.pid));

		const chat = await fetch(`${sandbox.url}/api/v1/chats`, {
			method: 'POST',
			headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
			body: JSON.stringify({ from: SENDER, to: [CUSTOMER], message: { parts: [{ type: 'text', value: 'Your order shipped' }] } }),
		});
		const chatId = /** @type {{ chat: { id: string } }} */ (await chat.json()).chat.id;

		const cursor = { nextId: 1 };
		const modes = [];
		for (const mode of MODES) {
			// The previous mode's work (a burst's executions, n8n's database) is over before the next one.
			const ready = n8n.readinessUrl;
			await waitFor('n8n to be ready', async () => (await fetch(ready).catch(() => undefined))?.ok === true, 180_000, 500);
			await sleep(5_000);
			modes.push(await measureMode(n8n, sandbox, mode, chatId, cursor, cpu));
		}

		const n8nNode = execFileSync(path.join(n8n.provisioned.nodeBin, 'node'), ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
		const report = {
			n8n: n8n.provisioned.n8nVersion,
			n8nNode,
			expressionEngine: process.env.N8N_EXPRESSION_ENGINE ?? 'vm (default)',
			benchNode: process.versions.node,
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
				memoryGb: Math.round(os.totalmem() / 2 ** 30),
			},
			date: new Date().toISOString(),
			settings: { events: EVENTS, spacingMs: SPACING_MS, burst: BURST, warmup: WARMUP, streamLifetimeMs: 60_000, streamHeartbeatMs: 15_000 },
			modes,
			cpuSamples: DETAIL ? cpu.samples : undefined,
		};
		const json = JSON.stringify(report, null, 2);
		if (OUT) fs.writeFileSync(OUT, `${json}\n`);
		console.log(renderMarkdown(report));
		console.log(json);
		if (OUT) log(`written to ${OUT}`);
	} finally {
		await cleanUp();
	}
}

main().catch((error) => {
	console.error('[bench:trigger] failed:', error);
	process.exitCode = 1;
});
