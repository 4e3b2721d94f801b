import { apiRequests, chertNode, createChatParams, requestsFromNow, runChert, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const typing = (parameters: Record<string, unknown> = {}) => ({ resource: 'chat', operation: 'sendTypingIndicator', ...parameters });

describe('Chat → Send Typing Indicator, run by n8n against the sandbox', () => {
	it('chains after Create Chat through {{ $json.chatId }}: the exact request, and chatId on the output', async () => {
		const result = await runChert(sandbox, [
			chertNode('Create Chat', createChatParams()),
			chertNode('Typing', typing({ state: 'typing' })),
		]);

		expect(result.error).toBeUndefined();
		const chatId = result.json('Create Chat')[0].chatId as string;
		const [, request] = apiRequests(sandbox);
		expect(request).toMatchObject({ method: 'POST', path: `/api/v1/chats/${chatId}/typing` });
		expect(request.body).toEqual({ state: 'typing' });
		const [output] = result.output('Typing');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({ chatId, status: 'sent', chat_id: chatId, state: 'typing' });
		expect(sandbox.state.chats.get(chatId)?.typing).toBe('typing');
	});

	it('stops the indicator in each chat of several items, each output paired to its item', async () => {
		const first = await seedChat(sandbox);
		const second = await seedChat(sandbox, '+14155550124');
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Typing', typing({ state: 'stopped' }))], {
			inputItems: [{ chatId: first.chatId }, { chatId: second.chatId }],
		});

		expect(result.error).toBeUndefined();
		expect(requests().map((r) => [r.path, r.body])).toEqual([
			[`/api/v1/chats/${first.chatId}/typing`, { state: 'stopped' }],
			[`/api/v1/chats/${second.chatId}/typing`, { state: 'stopped' }],
		]);
		const items = result.output('Typing');
		expect(items.map((item) => [item.pairedItem, item.json.chatId])).toEqual([
			[{ item: 0 }, first.chatId],
			[{ item: 1 }, second.chatId],
		]);
	});

	it('refuses a state other than typing or stopped before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Typing', typing({ chatId: 'chat-1', state: '={{ "dancing" }}' }))]);

		expect(result.nodes.Typing.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 1: "State" must be one of: stopped, typing',
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('refuses an incoming item without a chatId before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Typing', typing())]);

		expect(result.nodes.Typing.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Chat ID" is required/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports Chert's refusal of an unknown chat with its code and the hint", async () => {
		const result = await runChert(sandbox, [chertNode('Typing', typing({ chatId: 'no-such-chat' }))]);

		expect(result.nodes.Typing.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 2002)'),
			description: expect.stringContaining('not a message ID'),
			httpCode: '404',
		});
	});
});
