import { chertNode, createChatParams, requestsFromNow, runChert, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const get = (parameters: Record<string, unknown> = {}) => ({ resource: 'message', operation: 'get', ...parameters });

describe('Message → Get, run by n8n against the sandbox', () => {
	const sandboxOf = useSandbox();
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('chains after Create Chat through {{ $json.messageId }} and outputs { chatId, messageId, message }', async () => {
		const result = await runChert(sandbox, [chertNode('Create Chat', createChatParams()), chertNode('Get', get())]);

		expect(result.error).toBeUndefined();
		const { chatId, messageId } = result.json('Create Chat')[0] as { chatId: string; messageId: string };
		const request = sandbox.state.requests[1];
		expect(request).toMatchObject({ method: 'GET', path: `/api/v1/messages/${messageId}`, rawBody: '' });
		const [output] = result.output('Get');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(output.json).sort()).toEqual(['chatId', 'message', 'messageId']);
		expect(output.json).toMatchObject({
			chatId,
			messageId,
			message: { id: messageId, chat_id: chatId, direction: 'outbound', parts: [{ type: 'text', value: 'Hello Ana' }] },
		});
	});

	it('refuses an incoming item without a messageId before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Get', get())], { inputItems: [{ chatId: 'chat-1' }] });

		expect(result.nodes.Get.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 1: "Message ID" is required: use the messageId a Chert node returned/),
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports a chat ID given as the message with Chert's code and the hint", async () => {
		const { chatId } = await seedChat(sandbox);
		const result = await runChert(sandbox, [chertNode('Get', get({ messageId: chatId }))]);

		expect(result.nodes.Get.error).toMatchObject({
			message: expect.stringContaining('(Chert error 2003)'),
			description: expect.stringContaining('not a chat ID'),
			httpCode: '404',
		});
	});
});

describe('Message → Get when Chert answers with the bare message (the shape is not fully documented)', () => {
	const sandboxOf = useSandbox({ getMessageShape: 'bare' });
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('outputs the same { chatId, messageId, message }', async () => {
		const { chatId, messageId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Get', get())], { inputItems: [{ messageId }] });

		expect(requests()).toMatchObject([{ method: 'GET', path: `/api/v1/messages/${messageId}` }]);
		const [output] = result.json('Get');
		expect(Object.keys(output).sort()).toEqual(['chatId', 'message', 'messageId']);
		expect(output).toMatchObject({ chatId, messageId, message: { id: messageId, chat_id: chatId, status: 'queued' } });
	});
});
