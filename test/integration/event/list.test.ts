import { chertNode, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const START = Date.parse('2026-05-01T00:00:00.000Z');
let clock = START;
const sandboxOf = useSandbox({ now: () => clock });
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = sandboxOf();
	clock = START;
});

const list = (parameters: Record<string, unknown> = {}) => ({ resource: 'event', operation: 'list', ...parameters });

/** `count` events, one second apart, oldest first; returns their ids. */
function seedEvents(count: number, type = 'message.received'): string[] {
	return Array.from({ length: count }, () => {
		clock += 1000;
		return sandbox.addEvent({ type, data: {}, deliver: false }).event.id;
	});
}

describe('Event → List, run by n8n against the sandbox', () => {
	it('Return All follows next_cursor to the end, 200 a page, one item per event with eventId on top', async () => {
		const ids = seedEvents(450);

		const result = await runChert(sandbox, [chertNode('List', list({ returnAll: true }))]);

		expect(result.error).toBeUndefined();
		expect(sandbox.state.requests.map((r) => r.query)).toEqual([
			{ limit: '200' },
			{ limit: '200', cursor: expect.any(String) },
			{ limit: '200', cursor: expect.any(String) },
		]);
		const items = result.output('List');
		expect(items.map((i) => i.json.eventId)).toEqual([...ids].reverse());
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(items[0].json).toMatchObject({ eventId: ids[449], id: ids[449], type: 'message.received', delivery: { status: 'pending' } });
	});

	it('Limit asks for one page of that size and stops there', async () => {
		const ids = seedEvents(5);

		const result = await runChert(sandbox, [chertNode('List', list({ limit: 2 }))]);

		expect(sandbox.state.requests.map((r) => r.query)).toEqual([{ limit: '2' }]);
		expect(result.json('List').map((e) => e.eventId)).toEqual([ids[4], ids[3]]);
	});

	it('sends the filters as Chert names them, and lists per input item', async () => {
		seedEvents(2, 'reaction.added');
		const [first] = seedEvents(1);

		const result = await runChert(
			sandbox,
			[chertNode('List', list({ filters: { type: '={{ $json.type }}', status: 'pending', since: '2026-05-01T00:00:01Z', leadId: '' } }))],
			{ inputItems: [{ type: 'message.received' }, { type: 'reaction.added' }] },
		);

		expect(sandbox.state.requests.map((r) => r.query)).toEqual([
			{ type: 'message.received', status: 'pending', since: '2026-05-01T00:00:01Z', limit: '50' },
			{ type: 'reaction.added', status: 'pending', since: '2026-05-01T00:00:01Z', limit: '50' },
		]);
		const items = result.output('List');
		expect(items.map((i) => [i.json.eventId === first, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
		]);
	});

	it.each([
		['a limit above Chert’s page size', { limit: 201 }, /^Item 1: "Limit" can be at most 200/],
		['a date that is not ISO 8601', { filters: { since: 'yesterday' } }, /^Item 1: "Filters › Since" must be an ISO 8601 date/],
		['an unknown status', { filters: { status: '={{ "lost" }}' } }, /^Item 1: "Filters › Status" must be one of: delivered, dev_inbox, failed, pending/],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [chertNode('List', list(parameters))]);

		expect(result.nodes.List.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
