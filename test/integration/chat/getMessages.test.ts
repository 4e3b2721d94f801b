import { ANA, BEN, chertNode, requestsFromNow, runChert, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const getMessages = (parameters: Record<string, unknown> = {}) => ({ resource: 'chat', operation: 'getMessages', ...parameters });

describe('Chat → Get Messages, run by n8n against the sandbox', () => {
	it('outputs one item per message, oldest first, each with chatId, messageId and hasMore', async () => {
		const { chatId, messageId } = await seedChat(sandbox, ANA, 'Your order shipped');
		const { message: reply } = sandbox.addInboundMessage({ chatId, text: 'Thanks!' });
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('History', getMessages())], { inputItems: [{ chatId }] });

		expect(result.error).toBeUndefined();
		expect(requests()).toMatchObject([{ method: 'GET', path: `/api/v1/chats/${chatId}/messages`, rawBody: '' }]);
		const items = result.output('History');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(items.map((item) => item.json)).toEqual([
			{
				chatId,
				messageId,
				hasMore: false,
				message: expect.objectContaining({ id: messageId, chat_id: chatId, direction: 'outbound', parts: [{ type: 'text', value: 'Your order shipped' }] }),
			},
			{
				chatId,
				messageId: reply.id,
				hasMore: false,
				message: expect.objectContaining({ id: reply.id, direction: 'inbound', parts: [{ type: 'text', value: 'Thanks!' }] }),
			},
		]);
	});

	it('pairs each chat’s messages with the item that asked for them', async () => {
		const ana = await seedChat(sandbox, ANA);
		const ben = await seedChat(sandbox, BEN);
		sandbox.addInboundMessage({ chatId: ben.chatId, text: 'Hi' });

		const result = await runChert(sandbox, [chertNode('History', getMessages())], {
			inputItems: [{ chatId: ana.chatId }, { chatId: ben.chatId }],
		});

		expect(result.output('History').map((item) => [item.pairedItem, item.json.chatId])).toEqual([
			[{ item: 0 }, ana.chatId],
			[{ item: 1 }, ben.chatId],
			[{ item: 1 }, ben.chatId],
		]);
	});

	it('keeps has_more visible when Chert leaves older messages out (200 newest only)', async () => {
		const { chatId, messageId: oldest } = await seedChat(sandbox);
		for (let i = 1; i <= 200; i++) sandbox.addInboundMessage({ chatId, text: `reply ${i}` });

		const result = await runChert(sandbox, [chertNode('History', getMessages({ chatId }))]);

		const items = result.json('History');
		expect(items).toHaveLength(200);
		expect(items.every((item) => item.hasMore === true)).toBe(true);
		expect(items.map((item) => item.messageId)).not.toContain(oldest);
		expect(items[0].message).toMatchObject({ parts: [{ type: 'text', value: 'reply 1' }] });
		expect(items[199].message).toMatchObject({ parts: [{ type: 'text', value: 'reply 200' }] });
	});

	it('refuses an incoming item without a chatId before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('History', getMessages())], { inputItems: [{ messageId: 'm-1' }] });

		expect(result.nodes.History.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Chat ID" is required/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports Chert's refusal of a message ID given as the chat with the code and the hint", async () => {
		const { messageId } = await seedChat(sandbox);
		const result = await runChert(sandbox, [chertNode('History', getMessages({ chatId: messageId }))]);

		expect(result.nodes.History.error).toMatchObject({
			message: expect.stringContaining('(Chert error 2002)'),
			description: expect.stringContaining('not a message ID'),
		});
	});
});
