#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run bench`: how fast the Chert node sends many items, in a real n8n.
 *
 * The real-n8n suite's set-up (the packed package in n8n 2.41.1 on Node 24, test/e2e/lib)
 * against the Chert sandbox in this process, answering every request after BENCH_LATENCY_MS.
 * A Manual Trigger → Code node (BENCH_ITEMS items) → the node under test, run with
 * `n8n execute`, BENCH_RUNS times each, the variants taking turns. The time is the node's own
 * execution time from n8n's run data (not n8n's boot); the table shows the median.
 *
 *   (a) Chert, Create Chat, Max Concurrent Requests 1 (the default)
 *   (b) Chert, Create Chat, Max Concurrent Requests 10
 *   (b′) the same, paced: Max Messages per Second = 10 per latency
 *   (c) n8n's HTTP Request node (v4.2) making the same POST /api/v1/chats calls: its
 *       defaults, and with its Batching option (n items every BENCH_LATENCY_MS)
 *   (d) the ideal: items × latency / concurrency
 *
 * Also: the package's cold load time (a fresh Node 24 requiring the built node, median of 9),
 * the packed tarball's size, and the heap use per item through n8n's engine
 * (test/bench/memory.bench.ts). Prints the table and writes it to artifacts/bench.md (and the
 * raw numbers to artifacts/bench.json).
 *
 * Environment: BENCH_ITEMS (500), BENCH_RUNS (3), BENCH_LATENCY_MS (100),
 * BENCH_MEMORY=0 to leave out the heap measurement, BENCH_VARIANTS=a,b,b′,c,c10,c1 to run only
 * some variants (the ratios need a, b, c10 and c1).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startSandbox } = require('../test/sandbox');
const { N8n } = require('../test/e2e/lib/n8n');
const { REPO } = require('../test/e2e/lib/provision');
const { CREDENTIAL_ID, chertCredential, chertNode, manualTrigger, node, textParts, workflow } = require('../test/e2e/lib/workflows');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const MEASURE_MEMORY = process.env.BENCH_MEMORY !== '0';
const ONLY = process.env.BENCH_VARIANTS?.split(',');
// 10 in flight, each answered after the latency: 10 per latency, evenly spaced.
const PACED_RATE = Math.round((10 * 1000) / LATENCY_MS);
const ARTIFACTS = path.join(REPO, 'artifacts');

const SENDER = '+15550000001';
const TEXT = 'Your order has shipped';
const HEADER_CREDENTIAL = { id: 'benchHeaderAuth1', name: 'Chert sandbox bearer' };

const log = (/** @type {string} */ message) => console.error(`[bench] ${message}`);

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A Code node that outputs `count` items, each with its own recipient. @param {number} count */
function recipientsNode(count) {
	return node('Recipients', 'n8n-nodes-base.code', 2, [220, 0], {
		jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { to: '+1415' + String(5000000 + i) } }));`,
	});
}

/** @param {number} maxConcurrency @param {number} [maxPerSecond] */
function chertVariant(maxConcurrency, maxPerSecond) {
	return chertNode(
		'Send',
		{
			resource: 'chat',
			operation: 'create',
			from: SENDER,
			to: '={{ $json.to }}',
			parts: textParts(TEXT),
			options: { maxConcurrency, ...(maxPerSecond ? { maxPerSecond } : {}) },
		},
		[440, 0],
	);
}

/**
 * HTTP Request making the call Chert's node makes: the same body, an idempotency key per item.
 * @param {string} sandboxUrl
 * @param {{ batchSize: number, batchInterval: number }} [batch]
 */
function httpVariant(sandboxUrl, batch) {
	return {
		...node('Send', 'n8n-nodes-base.httpRequest', 4.2, [440, 0], {
			method: 'POST',
			url: `${sandboxUrl}/api/v1/chats`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={ "from": "${SENDER}", "to": ["{{ $json.to }}"], "message": { "parts": [{ "type": "text", "value": "${TEXT}" }], "idempotency_key": "bench-{{ $execution.id }}-{{ $itemIndex }}" } }`,
			options: batch ? { batching: { batch } } : {},
		}),
		credentials: { httpHeaderAuth: HEADER_CREDENTIAL },
	};
}

/** The package's size as npm packs it (the build must exist). */
function packedSize() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [info] = JSON.parse(out);
	return { size: info.size, unpackedSize: info.unpackedSize, files: info.entryCount };
}

/**
 * Milliseconds a fresh Node takes to `require` the built node: alone (n8n-workflow and zod
 * already loaded, as they are inside n8n), and with them. Median of `times` processes.
 * @param {string} nodeBin
 */
function coldLoadMs(nodeBin, times = 9) {
	const built = path.join(REPO, 'dist/nodes/Chert/Chert.node.js');
	/** @param {boolean} preload */
	const once = (preload) => {
		const script = `${preload ? "require('n8n-workflow'); require('zod');" : ''}
			const start = process.hrtime.bigint();
			require(${JSON.stringify(built)});
			process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));`;
		const result = spawnSync(path.join(nodeBin, 'node'), ['-e', script], { cwd: REPO, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`loading the node failed: ${result.stderr}`);
		return Number(result.stdout);
	};
	const alone = Array.from({ length: times }, () => once(true));
	const withDependencies = Array.from({ length: times }, () => once(false));
	return { alone: median(alone), withDependencies: median(withDependencies) };
}

/** Heap per item through n8n's engine (test/bench/memory.bench.ts, in jest). */
function measureMemory() {
	const out = path.join(ARTIFACTS, 'bench-memory.json');
	fs.rmSync(out, { force: true });
	const result = spawnSync(
		process.execPath,
		[path.join(REPO, 'node_modules/jest/bin/jest.js'), '-c', 'jest.bench.config.js', '--silent'],
		{ cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BENCH_MEMORY_OUT: out } },
	);
	if (result.status !== 0) throw new Error('the heap measurement failed');
	return JSON.parse(fs.readFileSync(out, 'utf8'));
}

async function main() {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	const n8n = new N8n();
	try {
		log('building and packing the package, provisioning n8n');
		await n8n.prepare();
		const packed = packedSize();
		const coldLoad = coldLoadMs(n8n.provisioned.nodeBin);
		log(`cold load ${coldLoad.alone.toFixed(1)} ms, packed ${packed.size} bytes`);

		await n8n.importCredentials([
			chertCredential(sandbox.url, sandbox.signingSecret),
			{ ...HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${sandbox.signingSecret}` } },
		]);

		const variants = [
			{ key: 'a', label: 'Chert, Max Concurrent Requests 1 (default)', concurrency: 1, send: chertVariant(1) },
			{ key: 'b', label: 'Chert, Max Concurrent Requests 10', concurrency: 10, send: chertVariant(10) },
			{
				key: 'b′',
				label: `Chert, Max Concurrent Requests 10, Max Messages per Second ${PACED_RATE}`,
				concurrency: 10,
				send: chertVariant(10, PACED_RATE),
			},
			{ key: 'c', label: 'HTTP Request, defaults (every item at once)', concurrency: ITEMS, send: httpVariant(sandbox.url) },
			{
				key: 'c10',
				label: `HTTP Request, batching 10 items per ${LATENCY_MS} ms`,
				concurrency: 10,
				send: httpVariant(sandbox.url, { batchSize: 10, batchInterval: LATENCY_MS }),
			},
			{
				key: 'c1',
				label: `HTTP Request, batching 1 item per ${LATENCY_MS} ms`,
				concurrency: 1,
				send: httpVariant(sandbox.url, { batchSize: 1, batchInterval: LATENCY_MS }),
			},
		]
			.map((variant, index) => ({ ...variant, id: `benchworkflow${String(index).padStart(3, '0')}`, times: /** @type {number[]} */ ([]) }))
			.filter((variant) => ONLY === undefined || ONLY.includes(variant.key));

		for (const variant of variants) {
			await n8n.importWorkflow(workflow(variant.id, `Bench ${variant.key}`, [manualTrigger(), recipientsNode(ITEMS), variant.send]));
		}

		for (let run = 1; run <= RUNS; run++) {
			for (const variant of variants) {
				sandbox.reset();
				const result = await n8n.execute(variant.id);
				const task = result.run?.data?.resultData?.runData?.Send?.[0];
				const delivered = sandbox.state.messagesDelivered.length;
				if (result.code !== 0 || !task || task.error || task.data.main[0].length !== ITEMS || delivered !== ITEMS) {
					throw new Error(
						`run ${run} of (${variant.key}) failed: exit ${result.code}, ${delivered} delivered, ` +
							`${JSON.stringify(task?.error ?? result.run?.data?.resultData?.error ?? result.stderr.slice(-2000))}`,
					);
				}
				variant.times.push(task.executionTime);
				log(`run ${run}/${RUNS} (${variant.key}) ${task.executionTime} ms`);
			}
		}

		const memory = MEASURE_MEMORY ? (log('measuring heap use per item'), measureMemory()) : undefined;
		const report = { items: ITEMS, runs: RUNS, latencyMs: LATENCY_MS, n8n: n8n.provisioned.n8nVersion, variants, coldLoad, packed, memory };
		const markdown = renderMarkdown(report);
		fs.writeFileSync(path.join(ARTIFACTS, 'bench.md'), markdown);
		fs.writeFileSync(path.join(ARTIFACTS, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
		console.log(markdown);
		log(`written to ${path.relative(REPO, path.join(ARTIFACTS, 'bench.md'))}`);
	} finally {
		await n8n.stop();
		n8n.cleanUp();
		await sandbox.close();
	}
}

/** @param {any} report */
function renderMarkdown(report) {
	const { items, latencyMs, variants } = report;
	const ideal = (/** @type {number} */ concurrency) => (items * latencyMs) / Math.min(concurrency, items);
	const wall = Object.fromEntries(variants.map((/** @type {any} */ v) => [v.key, median(v.times)]));
	const seconds = (/** @type {number} */ ms) => (ms / 1000).toFixed(2);
	const ratio = (/** @type {number} */ value) => `${value.toFixed(2)}×`;

	const rows = variants.map(
		(/** @type {any} */ v) =>
			`| (${v.key}) ${v.label} | ${v.concurrency === items ? 'all' : v.concurrency} | ${seconds(wall[v.key])} | ${seconds(ideal(v.concurrency))} | ${((wall[v.key] - ideal(v.concurrency)) / items).toFixed(2)} | ${ratio(wall[v.key] / ideal(v.concurrency))} | ${v.times.map(seconds).join(', ')} |`,
	);
	const lines = [
		`${items} items, Chert sandbox answering after ${latencyMs} ms, n8n ${report.n8n} (\`n8n execute\`), median of ${report.runs} runs;`,
		"time = the node's execution time in n8n's run data; overhead = (time − ideal) / items.",
		'',
		'| Variant | In flight | Time (s) | (d) Ideal (s) | Overhead per item (ms) | Time / ideal | Runs (s) |',
		'|---|---|---|---|---|---|---|',
		...rows,
		'',
		`- (b) / (d): **${ratio(wall.b / ideal(10))}** (target ≤ 1.2×)`,
		`- (a) / (c), one at a time: **${ratio(wall.a / wall.c1)}** (target ≤ 1×); 10 at a time, (b) / (c): **${ratio(wall.b / wall.c10)}**`,
		`- Cold load of the built node (fresh Node 24, n8n-workflow and zod loaded first, as in n8n): **${report.coldLoad.alone.toFixed(1)} ms** (target < 50 ms); with loading them too: ${report.coldLoad.withDependencies.toFixed(1)} ms`,
		`- Packed tarball: **${(report.packed.size / 1000).toFixed(1)} kB** (target < 100 kB); unpacked ${(report.packed.unpackedSize / 1000).toFixed(1)} kB, ${report.packed.files} files`,
	];
	if (report.memory) {
		lines.push(
			'',
			`Heap per item through n8n's engine (test/bench/memory.bench.ts, Node ${report.memory.node}, live heap after a full GC):`,
			'',
			'| Items | In flight | Peak during the run (B/item) | Held at the end, with the outputs (B/item) | Outputs as JSON (B/item) |',
			'|---|---|---|---|---|',
			...report.memory.rows.map(
				(/** @type {any} */ row) =>
					`| ${row.items} | ${row.maxConcurrency} | ${row.peakBytesPerItem} | ${row.retainedBytesPerItem} | ${row.outputJsonBytesPerItem} |`,
			),
		);
	}
	return `${lines.join('\n')}\n`;
}

main().catch((error) => {
	console.error('[bench] failed:', error);
	process.exitCode = 1;
});
