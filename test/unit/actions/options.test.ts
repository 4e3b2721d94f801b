import { requestOptions, sendOptions, singleAttemptOptions } from '../../../nodes/Chert/actions/options.description';
import { DEFAULT_PACE } from '../../../nodes/Chert/actions/router';
import { DEFAULT_DELIVERY } from '../../../nodes/shared/transport/chert.api';

describe('Options collections', () => {
	// The literal defaults n8n's linter wants, and the code defaults they stand for.
	const codeDefaults: Record<string, unknown> = {
		maxAttempts: DEFAULT_DELIVERY.maxAttempts,
		timeout: DEFAULT_DELIVERY.timeoutMs,
		maxConcurrency: DEFAULT_PACE.maxConcurrency,
		maxPerSecond: DEFAULT_PACE.maxPerSecond,
	};

	it.each([
		['sendOptions', sendOptions(), ['maxAttempts', 'timeout', 'maxConcurrency', 'maxPerSecond']],
		['requestOptions', requestOptions(), ['maxAttempts', 'timeout', 'maxConcurrency', 'maxPerSecond']],
		['singleAttemptOptions', singleAttemptOptions(), ['timeout', 'maxConcurrency', 'maxPerSecond']],
	])('%s: delivery and pace options default to the transport’s and the router’s defaults', (_name, collection, names) => {
		const options = collection.options as Array<{ name: string; default: unknown }>;
		for (const name of names) expect([name, options.find((o) => o.name === name)?.default]).toEqual([name, codeDefaults[name]]);
	});

	it('lists options alphabetically, as n8n does', () => {
		const names = (sendOptions().options as Array<{ displayName: string }>).map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('singleAttemptOptions (a reaction, never repeated): a timeout and the pace, but no Max Attempts', () => {
		const names = (singleAttemptOptions().options as Array<{ name: string }>).map((o) => o.name);
		expect(names).toEqual(['maxConcurrency', 'maxPerSecond', 'timeout']);
	});

	it('sorts the options an operation adds in with the shared ones', () => {
		const extra = { displayName: 'Effect', name: 'effect', type: 'string' as const, default: '' };
		const names = (sendOptions(extra).options as Array<{ displayName: string }>).map((o) => o.displayName);
		expect(names).toEqual([
			'Effect',
			'Idempotency Key',
			'Idempotency Key Scope',
			'Max Attempts',
			'Max Concurrent Requests',
			'Max Messages per Second',
			'Timeout (Ms)',
		]);
	});
});
