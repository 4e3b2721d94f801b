/**
 * Heap use of the Chert node sending N items through n8n's engine (WorkflowExecute, as in the
 * integration tests), for N = 500 and 2000, one at a time and 10 at a time. `npm run bench`
 * runs it (jest -c jest.bench.config.js) and reads the JSON it writes; it asserts nothing
 * about memory.
 *
 * The sandbox runs in a child process so its request log is not counted. The live heap is
 * sampled every 250 ms after a full GC, so garbage not yet collected does not count either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { SENDER, chertNode, createChatParams, runChert, type Sandbox } from '../integration/chert-workflow';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => process.memoryUsage().heapUsed;

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '500,2000').split(',').map(Number);
const CONCURRENCIES = [1, 10];
const OUT = process.env.BENCH_MEMORY_OUT ?? path.join(__dirname, '../../artifacts/bench-memory.json');

let child: ChildProcess | undefined;
let sandbox: Sandbox;

beforeAll(async () => {
	child = spawn(process.execPath, [path.join(__dirname, '../sandbox/cli.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
	const [line] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
	const { url, signingSecret } = JSON.parse(line) as { url: string; signingSecret: string };
	sandbox = { url, signingSecret } as Sandbox;
});

afterAll(() => {
	child?.kill('SIGTERM');
});

const inputs = (count: number, offset: number) =>
	Array.from({ length: count }, (_, index) => ({ to: `+1415${String(5_000_000 + offset + index)}` }));

async function measure(count: number, maxConcurrency: number, offset: number) {
	const node = chertNode('Chert', createChatParams({ from: SENDER, to: '={{ $json.to }}', options: { maxConcurrency } }));
	const inputItems = inputs(count, offset);
	gc();
	const base = heapUsed();
	let peak = base;
	const sampler = setInterval(() => {
		gc();
		peak = Math.max(peak, heapUsed());
	}, 250);
	const result = await runChert(sandbox, [node], { inputItems });
	clearInterval(sampler);
	gc();
	const retained = heapUsed();
	peak = Math.max(peak, retained);
	const outputs = result.output('Chert');
	expect(result.error).toBeUndefined();
	expect(outputs).toHaveLength(count);
	const outputJsonBytes = Buffer.byteLength(JSON.stringify(outputs.map((item) => item.json)));
	return {
		items: count,
		maxConcurrency,
		peakBytesPerItem: Math.round((peak - base) / count),
		retainedBytesPerItem: Math.round((retained - base) / count),
		outputJsonBytesPerItem: Math.round(outputJsonBytes / count),
	};
}

it('measures heap use per item', async () => {
	// Warm up: the first run loads and compiles everything it touches.
	await measure(50, 10, 0);
	const rows = [];
	let offset = 100;
	for (const count of SIZES) {
		for (const maxConcurrency of CONCURRENCIES) {
			rows.push(await measure(count, maxConcurrency, offset));
			offset += count;
		}
	}
	mkdirSync(path.dirname(OUT), { recursive: true });
	writeFileSync(OUT, `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
});
