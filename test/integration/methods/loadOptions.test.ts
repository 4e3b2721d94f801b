import { apiRequests, loadChertOptions, type Sandbox, useSandbox } from '../chert-workflow';

// Numbers given out of order, one inactive, so sorting and filtering both show.
const sandboxOf = useSandbox({
	phoneNumbers: [
		{ phone_number: '+15550000003', phone_line_id: 'line_c' },
		{ phone_number: '+15550000001', phone_line_id: 'line_a' },
		{ phone_number: '+15550000002', phone_line_id: 'line_b', is_active: false },
	],
});
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('loadOptions, called as the n8n editor calls them, against the sandbox', () => {
	it('getPhoneNumbers: the active numbers, by number, with their line in the description', async () => {
		const options = await loadChertOptions(sandbox, 'getPhoneNumbers', { resource: 'chat', operation: 'create' });

		expect(options).toEqual([
			{ name: '+15550000001', value: '+15550000001', description: 'Phone line line_a' },
			{ name: '+15550000003', value: '+15550000003', description: 'Phone line line_c' },
		]);
		const [request] = apiRequests(sandbox);
		expect(request).toMatchObject({ method: 'GET', path: '/api/v1/phone-numbers' });
		expect(request.headers.authorization).toBe(`Bearer ${sandbox.signingSecret}`);
	});

	it('getPhoneLines: the same numbers, valued by phone_line_id', async () => {
		const options = await loadChertOptions(sandbox, 'getPhoneLines', { resource: 'message', operation: 'sendToPhoneNumber' });

		expect(options).toEqual([
			{ name: '+15550000001', value: 'line_a', description: 'Phone line line_a' },
			{ name: '+15550000003', value: 'line_c', description: 'Phone line line_c' },
		]);
	});

	it('surfaces a Chert error (code and hint) instead of an empty list', async () => {
		sandbox.injectError({ code: 2005, status: 403, path: '/api/v1/phone-numbers' });

		await expect(loadChertOptions(sandbox, 'getPhoneNumbers')).rejects.toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 2005)'),
			description: expect.stringContaining('not allowed'),
		});
	});
});
