import { apiRequests, chertNode, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox({
	phoneNumbers: [
		{ phone_number: '+15550000001', phone_line_id: 'line_a' },
		{ phone_number: '+15550000002', phone_line_id: 'line_b', is_active: false, capabilities: ['text'] },
	],
});
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const list = (parameters: Record<string, unknown> = {}) => ({ resource: 'phoneNumber', operation: 'list', ...parameters });

const ACTIVE = {
	id: 'pn_1',
	phone_line_id: 'line_a',
	phone_number: '+15550000001',
	service: 'imessage',
	is_active: true,
	capabilities: ['text', 'media', 'rich_link', 'typing', 'read_receipts', 'reactions', 'edit', 'location'],
};
const INACTIVE = { id: 'pn_2', phone_line_id: 'line_b', phone_number: '+15550000002', service: 'imessage', is_active: false, capabilities: ['text'] };

describe('Phone Number → List, run by n8n against the sandbox', () => {
	it('outputs one item per number, as Chert describes it, paired to the input item', async () => {
		const result = await runChert(sandbox, [chertNode('Numbers', list())]);

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)).toMatchObject([{ method: 'GET', path: '/api/v1/phone-numbers', rawBody: '' }]);
		const items = result.output('Numbers');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(items.map((item) => item.json)).toEqual([ACTIVE, INACTIVE]);
	});

	it('leaves out inactive numbers with Options › Active Only, for each input item', async () => {
		const result = await runChert(sandbox, [chertNode('Numbers', list({ options: { activeOnly: true } }))], {
			inputItems: [{}, {}],
		});

		expect(apiRequests(sandbox)).toHaveLength(2);
		const items = result.output('Numbers');
		expect(items.map((item) => [item.pairedItem, item.json])).toEqual([
			[{ item: 0 }, ACTIVE],
			[{ item: 1 }, ACTIVE],
		]);
	});

	it("reports Chert's refusal with its code and the hint", async () => {
		const result = await runChert(sandbox, [chertNode('Numbers', list())], {
			signingSecret: 'ffffffffffffffffffffffffffffffff',
		});

		expect(result.nodes.Numbers.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 2004)'),
			description: expect.stringContaining('check the signing secret'),
			httpCode: '401',
		});
	});
});
