import { ANA, AUTOMATIC_KEY, BEN, SENDER, apiRequests, chertNode, createChatParams, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('Chat → Create, run by n8n against the sandbox', () => {
	it('creates a direct chat: the exact request, Bearer auth, and ids on the output', async () => {
		const result = await runChert(sandbox, [
			chertNode('Chert', createChatParams({ options: { idempotencyKey: 'order-1001' } })),
		]);

		expect(result.error).toBeUndefined();
		const [request] = apiRequests(sandbox);
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/chats' });
		expect(request.headers.authorization).toBe(`Bearer ${sandbox.signingSecret}`);
		expect(request.body).toEqual({
			from: SENDER,
			to: [ANA],
			message: { parts: [{ type: 'text', value: 'Hello Ana' }], idempotency_key: 'order-1001' },
		});

		const [output] = result.output('Chert');
		const chat = [...sandbox.state.chats.values()][0];
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toMatchObject({
			chatId: chat.id,
			messageId: expect.any(String),
			chat: { id: chat.id, is_group: false, service: 'imessage', handles: [{ service: 'imessage', address: ANA }] },
			message: { chat_id: chat.id, parts: [{ type: 'text', value: 'Hello Ana' }] },
		});
		expect(output.json.messageId).toBe((output.json.message as { id: string }).id);
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});

	it('creates a group chat from a comma and newline separated To, with a group name', async () => {
		const result = await runChert(sandbox, [
			chertNode('Chert', createChatParams({ to: `${ANA},\n ${BEN}`, options: { subject: 'Launch team' } })),
		]);

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body).toEqual({
			from: SENDER,
			to: [ANA, BEN],
			message: { parts: [{ type: 'text', value: 'Hello Ana' }], subject: 'Launch team', idempotency_key: AUTOMATIC_KEY },
		});
		expect(result.json('Chert')[0]).toMatchObject({ chat: { is_group: true } });
		expect(sandbox.deliveredTo(ANA)).toBe(1);
		expect(sandbox.deliveredTo(BEN)).toBe(1);
	});

	it('takes recipients from an expression that returns an array', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ to: '={{ $json.phones }}' }))], {
			inputItems: [{ phones: [ANA, BEN] }],
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body).toMatchObject({ to: [ANA, BEN] });
	});

	it('sends a DM first message with text, media and a rich link in the order given', async () => {
		const attachmentId = sandbox.addInboundAttachment({ filename: 'a.png', content_type: 'image/png', bytes: 'png' });
		const parts = {
			part: [
				{ type: 'text', text: 'Your receipt' },
				{ type: 'media', attachmentId },
				{ type: 'rich_link', url: 'https://example.com/r/1', title: 'Receipt' },
			],
		};
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ parts }))]);
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body.message.parts).toEqual([
			{ type: 'text', value: 'Your receipt' },
			{ type: 'media', attachment_id: attachmentId },
			{ type: 'rich_link', url: 'https://example.com/r/1', title: 'Receipt' },
		]);
	});
});
