import { sendMessageRequest } from '../../../nodes/Chert/schemas/message';

const send = (chatId: unknown, parts: unknown[], extra: Record<string, unknown> = {}) => ({
	chatId,
	body: { message: { parts, ...extra } },
});

function issuesOf(input: unknown) {
	const result = sendMessageRequest.safeParse(input);
	return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('sendMessageRequest (POST /chats/{chat_id}/messages)', () => {
	it('accepts a follow-up with text, media, rich link and a legacy link', () => {
		const parts = [
			{ type: 'text', value: 'Here it is: https://example.com/track' },
			{ type: 'media', attachment_id: 'att_1' },
			{ type: 'rich_link', url: 'https://example.com' },
			{ type: 'link', url: 'https://example.com/legacy' },
		];
		expect(issuesOf(send('chat_1', parts, { idempotency_key: 'k' }))).toEqual([]);
	});

	it.each([[''], ['   '], [undefined]])('refuses an empty chat id (%p)', (chatId) => {
		expect(issuesOf(send(chatId, [{ type: 'text', value: 'x' }]))).toEqual([
			{ path: 'chatId', message: expect.stringContaining('is required') },
		]);
	});

	it('applies the rules every message shares', () => {
		expect(issuesOf(send('c', [])).map((i) => i.path)).toEqual(['body.message.parts']);
		expect(issuesOf(send('c', [{ type: 'text', value: 'a' }, { type: 'text', value: 'b' }])).map((i) => i.path)).toEqual([
			'body.message.parts.1.type',
		]);
		expect(issuesOf(send('c', [{ type: 'link', url: 'nope' }])).map((i) => i.path)).toEqual(['body.message.parts.0.url']);
	});

	it('never puts parts at the top level of the body', () => {
		expect(issuesOf({ chatId: 'c', body: { parts: [{ type: 'text', value: 'x' }] } }).length).toBeGreaterThan(0);
	});
});
