import { chertNode, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('Event → Get, run by n8n against the sandbox', () => {
	it('chains after List through {{ $json.eventId }} and outputs the row', async () => {
		const { event } = sandbox.addEvent({ type: 'reaction.added', data: { chat: { id: 'c1' } }, leadId: 'c1', deliver: false });

		const result = await runChert(sandbox, [
			chertNode('List', { resource: 'event', operation: 'list', limit: 1 }),
			chertNode('Get', { resource: 'event', operation: 'get' }),
		]);

		expect(result.error).toBeUndefined();
		expect(sandbox.state.requests[1]).toMatchObject({ method: 'GET', path: `/api/v1/events/${event.id}` });
		const [output] = result.output('Get');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toMatchObject({ eventId: event.id, id: event.id, type: 'reaction.added', lead_id: 'c1', payload: event.payload });
	});

	it("reports an unknown event with Chert's code 2011 and its trace id", async () => {
		const result = await runChert(sandbox, [chertNode('Get', { resource: 'event', operation: 'get', eventId: 'evt_nope' })]);

		expect(result.nodes.Get.error).toMatchObject({
			message: expect.stringContaining('(Chert error 2011)'),
			description: expect.stringContaining(`Trace ID: ${sandbox.state.requests[0].traceId}`),
			httpCode: '404',
		});
	});

	it('refuses an empty Event ID before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Get', { resource: 'event', operation: 'get' })]);

		expect(result.nodes.Get.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Event ID" is required/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
