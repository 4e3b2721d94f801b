import { requestOptions, sendOptions } from '../../../nodes/Chert/actions/options.description';
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

	it('lists options alphabetically, as n8n does', () => {
		const names = (sendOptions().options as Array<{ displayName: string }>).map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});
