import { addParticipantRequest, removeParticipantRequest, updateGroupRequest } from '../../../nodes/Chert/schemas/group';

function issuesOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ path: Array<string | number>; message: string }> } } }, input: unknown) {
	const result = schema.safeParse(input);
	return result.success ? [] : (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('participant address (Add / Remove Participant)', () => {
	it.each(['+14155551234', ' +14155551234 ', 'ana@example.com'])('accepts %p (E.164 or email), trimmed', (address) => {
		expect(addParticipantRequest.parse({ chatId: 'c1', body: { address } })).toEqual({ chatId: 'c1', body: { address: address.trim() } });
		expect(removeParticipantRequest.parse({ chatId: 'c1', address })).toEqual({ chatId: 'c1', address: address.trim() });
	});

	it.each(['14155551234', '+1 415 555 1234', '+0123456', 'ana@', 'ana example.com'])('refuses %p', (address) => {
		expect(issuesOf(addParticipantRequest, { chatId: 'c1', body: { address } })).toEqual([
			{ path: 'body.address', message: expect.stringContaining('E.164 format') },
		]);
	});

	it('says what is missing when the address or the chat is empty', () => {
		expect(issuesOf(removeParticipantRequest, { chatId: ' ', address: undefined })).toEqual([
			{ path: 'chatId', message: expect.stringMatching(/^is required/) },
			{ path: 'address', message: expect.stringMatching(/^is required: a phone number in E\.164 format/) },
		]);
	});
});

describe('updateGroupRequest (PUT /chats/{id})', () => {
	it('takes a name, an https icon, or both; the name trimmed', () => {
		expect(updateGroupRequest.parse({ chatId: 'c1', body: { display_name: ' Crew ' } }).body).toEqual({ display_name: 'Crew' });
		expect(updateGroupRequest.parse({ chatId: 'c1', body: { group_chat_icon: 'https://cdn.example.com/i.png' } }).body).toEqual({
			group_chat_icon: 'https://cdn.example.com/i.png',
		});
		expect(issuesOf(updateGroupRequest, { chatId: 'c1', body: { display_name: 'Crew', group_chat_icon: 'https://x.example/i.png' } })).toEqual([]);
	});

	it('needs at least one of them', () => {
		expect(issuesOf(updateGroupRequest, { chatId: 'c1', body: {} })).toEqual([
			{ path: 'body', message: 'needs at least one: a new group name, an https icon URL, or both' },
		]);
	});

	it.each([
		[{ display_name: '  ' }, 'body.display_name'],
		[{ group_chat_icon: 'http://cdn.example.com/i.png' }, 'body.group_chat_icon'],
		[{ group_chat_icon: 'cdn.example.com/i.png' }, 'body.group_chat_icon'],
		[{ display_name: 'Crew', subject: 'x' }, 'body'],
	])('refuses %p', (body, path) => {
		expect(issuesOf(updateGroupRequest, { chatId: 'c1', body }).map((i) => i.path)).toEqual([path]);
	});
});
