import { ANA, AUTOMATIC_KEY, apiRequests, chertNode, createChatParams, runChert, sendMessageParams, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('Message → Send, run by n8n against the sandbox', () => {
	it('chains Create → Send through {{ $json.chatId }} (the default Chat ID)', async () => {
		const parts = {
			part: [
				{ type: 'text', text: 'Track it here: https://example.com/t/1' },
				{ type: 'rich_link', url: 'https://example.com/t/1' },
				{ type: 'link', url: 'https://example.com/legacy' },
			],
		};
		const create = chertNode('Create Chat', createChatParams());
		const send = chertNode('Send Message', { resource: 'message', operation: 'send', parts });
		const result = await runChert(sandbox, [create, send]);

		expect(result.error).toBeUndefined();
		const chatId = result.json('Create Chat')[0].chatId as string;
		const [, followUp] = apiRequests(sandbox);
		expect(followUp).toMatchObject({ method: 'POST', path: `/api/v1/chats/${chatId}/messages` });
		expect(followUp.body).toEqual({
			message: {
				parts: [
					{ type: 'text', value: 'Track it here: https://example.com/t/1' },
					{ type: 'rich_link', url: 'https://example.com/t/1' },
					{ type: 'link', url: 'https://example.com/legacy' },
				],
				idempotency_key: AUTOMATIC_KEY,
			},
		});
		const [output] = result.output('Send Message');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toMatchObject({ chatId, messageId: expect.any(String), message: { chat_id: chatId } });
		expect(output.json.messageId).not.toBe(result.json('Create Chat')[0].messageId);
		expect(sandbox.deliveredTo(ANA)).toBe(2);
	});

	it('sends to a chat id given by an expression on another node, with an idempotency key', async () => {
		const create = chertNode('Create Chat', createChatParams());
		const send = chertNode(
			'Send Message',
			sendMessageParams({ chatId: "={{ $('Create Chat').item.json.chat.id }}", options: { idempotencyKey: 'f-1' } }),
		);
		const result = await runChert(sandbox, [create, send]);
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[1].body).toEqual({
			message: { parts: [{ type: 'text', value: 'Following up' }], idempotency_key: 'f-1' },
		});
	});
});
