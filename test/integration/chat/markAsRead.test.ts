import { chertNode, requestsFromNow, runChert, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const markAsRead = (parameters: Record<string, unknown> = {}) => ({ resource: 'chat', operation: 'markAsRead', ...parameters });

describe('Chat → Mark as Read, run by n8n against the sandbox', () => {
	it('posts to mark-read without a body, marks the received messages read, and outputs chatId', async () => {
		const { chatId } = await seedChat(sandbox);
		const { message: inbound } = sandbox.addInboundMessage({ chatId, text: 'Is it shipped?' });
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Read', markAsRead())], { inputItems: [{ chatId }] });

		expect(result.error).toBeUndefined();
		const [request] = requests();
		expect(request).toMatchObject({ method: 'POST', path: `/api/v1/chats/${chatId}/mark-read`, rawBody: '' });
		expect(request.headers['content-type']).toBeUndefined();
		const [output] = result.output('Read');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({ chatId, chat_id: chatId, status: 'read' });
		expect(sandbox.state.messages.get(inbound.id)?.read_at).toEqual(expect.any(String));
		expect(requests()).toHaveLength(1);
	});

	it('refuses an empty Chat ID before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Read', markAsRead({ chatId: '  ' }))]);

		expect(result.nodes.Read.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 1: "Chat ID" is required: use the chatId a Chert node returned/),
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports Chert's refusal of an unknown chat with its code and the hint", async () => {
		const result = await runChert(sandbox, [chertNode('Read', markAsRead({ chatId: 'no-such-chat' }))]);

		expect(result.nodes.Read.error).toMatchObject({
			message: expect.stringContaining('(Chert error 2002)'),
			description: expect.stringContaining('not a message ID'),
			httpCode: '404',
		});
	});
});
