import { chatRequest, sendTypingIndicatorRequest, typingStateValues } from '../../../nodes/Chert/schemas/chat';

function issuesOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ path: Array<string | number>; message: string }> } } }, input: unknown) {
	const result = schema.safeParse(input);
	return result.success ? [] : (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('sendTypingIndicatorRequest (POST /chats/{chat_id}/typing)', () => {
	it('lists exactly the states Chert documents', () => {
		expect([...typingStateValues].sort()).toEqual(['stopped', 'typing']);
	});

	it.each(['typing', 'stopped'])('accepts the state %s', (state) => {
		expect(sendTypingIndicatorRequest.parse({ chatId: ' c1 ', body: { state } })).toEqual({ chatId: 'c1', body: { state } });
	});

	it.each([['Typing'], ['paused'], [''], [true]])('refuses the state %p', (state) => {
		expect(issuesOf(sendTypingIndicatorRequest, { chatId: 'c1', body: { state } }).map((i) => i.path)).toEqual(['body.state']);
	});

	it('refuses a missing chat id and a field Chert does not take', () => {
		expect(issuesOf(sendTypingIndicatorRequest, { chatId: '', body: { state: 'typing' } }).map((i) => i.path)).toEqual(['chatId']);
		expect(issuesOf(sendTypingIndicatorRequest, { chatId: 'c1', body: { state: 'typing', until: 5 } }).map((i) => i.path)).toEqual(['body']);
	});
});

describe('chatRequest (mark-read, the message history)', () => {
	it('accepts a chat id', () => {
		expect(chatRequest.parse({ chatId: 'c1' })).toEqual({ chatId: 'c1' });
	});

	it('refuses no chat id, and anything besides it', () => {
		expect(issuesOf(chatRequest, {}).map((i) => i.path)).toEqual(['chatId']);
		expect(issuesOf(chatRequest, { chatId: 'c1', limit: 50 }).map((i) => i.path)).toEqual(['']);
	});
});
