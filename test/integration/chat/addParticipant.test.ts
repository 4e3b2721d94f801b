import { ANA, BEN, chertNode, requestsFromNow, runChert, seedChat, seedGroup, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const CARL = '+14155550125';
const DORA = '+14155550126';
const add = (parameters: Record<string, unknown> = {}) => ({ resource: 'chat', operation: 'addParticipant', ...parameters });

describe('Chat → Add Participant, run by n8n against the sandbox', () => {
	it('posts { address } and outputs the roster with chatId on top, paired to each item', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN, CARL]);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Add', add({ address: '={{ $json.address }}' }))], {
			inputItems: [
				{ chatId, address: DORA },
				{ chatId, address: ' dora@example.com ' },
			],
		});

		expect(result.error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `/api/v1/chats/${chatId}/participants`, { address: DORA }],
			['POST', `/api/v1/chats/${chatId}/participants`, { address: 'dora@example.com' }],
		]);
		expect(result.output('Add').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.json('Add')[1]).toEqual({
			chatId,
			chat_id: chatId,
			added: 'dora@example.com',
			participants: [ANA, BEN, CARL, DORA, 'dora@example.com'],
		});
	});

	it('is repeated after a temporary failure, since Chert documents the add as idempotent', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN]);
		const requests = requestsFromNow(sandbox);
		sandbox.injectFault({ kind: 'drop', method: 'POST', path: `/api/v1/chats/${chatId}/participants` });

		const result = await runChert(sandbox, [chertNode('Add', add({ chatId, address: CARL }))]);

		expect(result.error).toBeUndefined();
		expect(requests()).toHaveLength(2);
		expect(result.json('Add')[0].participants).toEqual([ANA, BEN, CARL]);
	});

	it('refuses an address that is neither E.164 nor an email before sending anything, naming item and field', async () => {
		const result = await runChert(sandbox, [chertNode('Add', add({ address: '={{ $json.address }}' }))], {
			inputItems: [
				{ chatId: 'c1', address: DORA },
				{ chatId: 'c1', address: '415 555 0126' },
			],
		});

		expect(result.nodes.Add.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 2: "Address" must be a phone number in E\.164 format .* or an email address$/),
			description: 'Nothing was sent to Chert.',
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports a direct chat with Chert's code 1006, and with Continue On Fail pairs the error item", async () => {
		const { chatId } = await seedChat(sandbox);
		const { chatId: groupId } = await seedGroup(sandbox, [ANA, BEN]);

		const result = await runChert(sandbox, [chertNode('Add', add({ address: CARL }), { onError: 'continueRegularOutput' })], {
			inputItems: [{ chatId }, { chatId: groupId }],
		});

		expect(result.output('Add').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [refused, added] = result.json('Add');
		expect(refused).toMatchObject({ error: expect.stringContaining('(Chert error 1006)'), code: 1006, httpStatus: 400, traceId: expect.any(String) });
		expect(added).toMatchObject({ chatId: groupId, added: CARL });
	});
});
