import { ANA, BEN, chertNode, requestsFromNow, runChert, seedGroup, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const ICON = 'https://cdn.example.com/acme-icon.png';
const update = (parameters: Record<string, unknown> = {}) => ({ resource: 'chat', operation: 'updateGroup', ...parameters });

describe('Chat → Update Group, run by n8n against the sandbox', () => {
	it('puts only the fields given and outputs Chert’s chat with chatId on top', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN]);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(
			sandbox,
			[
				chertNode('Rename', update({ displayName: 'Acme launch crew' })),
				chertNode('Icon', update({ groupChatIcon: ICON })),
			],
			{ inputItems: [{ chatId }] },
		);

		expect(result.error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path, r.body])).toEqual([
			['PUT', `/api/v1/chats/${chatId}`, { display_name: 'Acme launch crew' }],
			['PUT', `/api/v1/chats/${chatId}`, { group_chat_icon: ICON }],
		]);
		expect(result.output('Icon')[0]).toEqual({
			json: { chatId, chat: { id: chatId, display_name: 'Acme launch crew', group_chat_icon: ICON, is_group: true } },
			pairedItem: { item: 0 },
		});
	});

	it.each([
		['neither field', {}, /^Item 1: "Display Name" or "Group Chat Icon" needs at least one/],
		['a blank name', { displayName: '   ' }, /^Item 1: "Display Name" must not be empty when given/],
		['an http icon', { groupChatIcon: 'http://cdn.example.com/i.png' }, /^Item 1: "Group Chat Icon" must be an https URL/],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [chertNode('Update', update({ chatId: 'c1', ...parameters }))]);

		expect(result.nodes.Update.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('is repeated after a temporary failure, since Chert documents it as idempotent', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN]);
		const requests = requestsFromNow(sandbox);
		sandbox.injectError({ method: 'PUT', path: `/api/v1/chats/${chatId}`, code: 3001, status: 500, retryable: true });

		const result = await runChert(sandbox, [chertNode('Update', update({ chatId, displayName: 'Crew' }))]);

		expect(result.error).toBeUndefined();
		expect(requests()).toHaveLength(2);
		expect(result.json('Update')[0]).toMatchObject({ chat: { display_name: 'Crew' } });
	});
});
