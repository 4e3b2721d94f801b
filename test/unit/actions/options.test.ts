import { requestOptions, sendOptions, singleAttemptOptions } from '../../../nodes/Chert/actions/options.description';
import { DEFAULT_PACE } from '../../../nodes/Chert/actions/router';
import { DEFAULT_DELIVERY } from '../../../nodes/Chert/transport/chert.api';

describe('Options collections', () => {
	it.each([
		['sendOptions', sendOptions()],
		['requestOptions', requestOptions()],
	])('%s: Max Attempts and Timeout default to the transport’s defaults', (_name, collection) => {
		const options = collection.options as Array<{ name: string; default: unknown }>;
		expect(options.find((o) => o.name === 'maxAttempts')?.default).toBe(DEFAULT_DELIVERY.maxAttempts);
		expect(options.find((o) => o.name === 'timeout')?.default).toBe(DEFAULT_DELIVERY.timeoutMs);
	});

	it.each([
		['sendOptions', sendOptions()],
		['requestOptions', requestOptions()],
		['singleAttemptOptions', singleAttemptOptions()],
	])('%s: Max Concurrent Requests and Max Messages per Second default to the router’s pace', (_name, collection) => {
		const options = collection.options as Array<{ name: string; default: unknown }>;
		expect(options.find((o) => o.name === 'maxConcurrency')?.default).toBe(DEFAULT_PACE.maxConcurrency);
		expect(options.find((o) => o.name === 'maxPerSecond')?.default).toBe(DEFAULT_PACE.maxPerSecond);
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
