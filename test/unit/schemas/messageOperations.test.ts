import {
	editMessageRequest,
	getMessageRequest,
	reactionValues,
	reactRequest,
	sendToPhoneNumberRequest,
} from '../../../nodes/Chert/schemas/message';

type Schema = { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ path: Array<string | number>; message: string }> } } };

function issuesOf(schema: Schema, input: unknown) {
	const result = schema.safeParse(input);
	return result.success ? [] : (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('reactRequest (POST /messages/{id}/react)', () => {
	it('lists exactly the reactions Chert documents', () => {
		expect([...reactionValues].sort()).toEqual(['dislike', 'emphasize', 'laugh', 'like', 'love', 'question']);
	});

	it.each(['love', 'like', 'dislike', 'laugh', 'emphasize', 'question'])('accepts %s', (reaction) => {
		expect(issuesOf(reactRequest, { messageId: 'm1', body: { reaction } })).toEqual([]);
	});

	it('refuses another reaction, listing the documented ones', () => {
		expect(issuesOf(reactRequest, { messageId: 'm1', body: { reaction: 'heart' } })).toEqual([
			{ path: 'body.reaction', message: 'must be one of: dislike, emphasize, laugh, like, love, question' },
		]);
	});

	it('refuses a missing message id', () => {
		expect(issuesOf(reactRequest, { messageId: ' ', body: { reaction: 'love' } }).map((i) => i.path)).toEqual(['messageId']);
	});
});

describe('editMessageRequest (POST /messages/{id}/edit)', () => {
	const edit = (body: Record<string, unknown>) => ({ messageId: 'm1', body: { new_text: 'Fixed', edited_part_index: 0, ...body } });

	it('accepts a new text for part 0 to 9, keeping the text as typed', () => {
		expect(editMessageRequest.parse(edit({ new_text: ' Fixed ' })).body).toEqual({ new_text: ' Fixed ', edited_part_index: 0 });
		expect(issuesOf(editMessageRequest, edit({ edited_part_index: 9 }))).toEqual([]);
	});

	it.each([
		['blank text', { new_text: '  ' }, 'body.new_text', 'must not be empty'],
		['no text', { new_text: undefined }, 'body.new_text', 'is required'],
		['a negative index', { edited_part_index: -1 }, 'body.edited_part_index', 'must be 0 or more'],
		['a fractional index', { edited_part_index: 0.5 }, 'body.edited_part_index', 'must be a whole number'],
		['an index past 10 parts', { edited_part_index: 10 }, 'body.edited_part_index', 'must be at most 9'],
	])('refuses %s', (_case, body, path, message) => {
		expect(issuesOf(editMessageRequest, edit(body))).toEqual([{ path, message: expect.stringContaining(message) }]);
	});
});

describe('getMessageRequest (GET /messages/{id})', () => {
	it('accepts a message id and refuses none', () => {
		expect(getMessageRequest.parse({ messageId: 'm1' })).toEqual({ messageId: 'm1' });
		expect(issuesOf(getMessageRequest, { messageId: '' }).map((i) => i.path)).toEqual(['messageId']);
	});
});

describe('sendToPhoneNumberRequest (POST /send)', () => {
	const minimal = { phone: '+14155550123', body: 'Your code is 1234' };

	it('accepts phone and text alone, and every documented option', () => {
		expect(issuesOf(sendToPhoneNumberRequest, minimal)).toEqual([]);
		const full = {
			...minimal,
			idempotency_key: 'k1',
			name: 'Ana',
			external_id: 'crm-1',
			phone_line_id: 'line_1',
			attachments: ['att_1', 'att_2'],
			effect: 'confetti',
		};
		expect(sendToPhoneNumberRequest.parse(full)).toEqual(full);
	});

	it.each([
		['a phone number not in E.164', { phone: '4155550123' }, 'phone', 'E.164'],
		['no text', { body: undefined }, 'body', 'is required'],
		['blank text', { body: ' ' }, 'body', 'must not be empty'],
		['a blank optional field', { name: ' ' }, 'name', 'must not be empty when given'],
		['a URL as an attachment', { attachments: ['att_1', 'https://x.io/a.png'] }, 'attachments.1', 'not a URL'],
		['an empty attachment id', { attachments: [''] }, 'attachments.0', 'is required'],
		['a blank idempotency key', { idempotency_key: ' ' }, 'idempotency_key', 'must not be empty'],
	])('refuses %s', (_case, fields, path, message) => {
		expect(issuesOf(sendToPhoneNumberRequest, { ...minimal, ...fields })).toEqual([{ path, message: expect.stringContaining(message) }]);
	});

	it('accepts the four attachment entry shapes Chert documents, mixed, and sends them as given', () => {
		const attachments = ['att_abc123', { id: 'att_def456' }, { attachment_id: 'att_ghi789' }, { attachment_id: 'att_live_photo', live_photo: true }];
		expect(sendToPhoneNumberRequest.parse({ ...minimal, attachments }).attachments).toEqual(attachments);
		expect(sendToPhoneNumberRequest.parse({ ...minimal, attachments: [' att_1 ', { attachment_id: ' att_2 ' }] }).attachments).toEqual([
			'att_1',
			{ attachment_id: 'att_2' },
		]);
	});

	it.each([
		['a { url } entry', [{ url: 'https://x.io/a.png' }], 'attachments.0', 'is a URL reference, which Chert’s /send refuses'],
		['a url beside an attachment_id', [{ attachment_id: 'a', url: 'https://x.io/a.png' }], 'attachments.0', 'is a URL reference'],
		['a URL as attachment_id', ['att_1', { attachment_id: 'https://x.io/a.png' }], 'attachments.1.attachment_id', 'not a URL'],
		['a live_photo that is not a boolean', [{ attachment_id: 'a', live_photo: 'yes' }], 'attachments.0.live_photo', 'must be true or false'],
		['live_photo on the { id } form', [{ id: 'a', live_photo: true }], 'attachments.0', 'has fields Chert does not accept in an attachment: live_photo'],
		['an object without an id', [{ name: 'a.png' }], 'attachments.0', 'needs an attachment_id'],
		['a number', [42], 'attachments.0', 'must be an attachment ID, or an object'],
		['an empty { id }', [{ id: ' ' }], 'attachments.0.id', 'is required'],
	])('refuses %s in attachments', (_case, attachments, path, message) => {
		expect(issuesOf(sendToPhoneNumberRequest, { ...minimal, attachments })).toEqual([{ path, message: expect.stringContaining(message) }]);
	});

	it('refuses a field Chert does not document', () => {
		expect(issuesOf(sendToPhoneNumberRequest, { ...minimal, subject: 'x' })).toEqual([
			{ path: '', message: expect.stringContaining('subject') },
		]);
	});
});
