import { createChatRequest } from '../../../nodes/Chert/schemas/chat';
import { MAX_PARTS, MAX_RECIPIENTS } from '../../../nodes/Chert/schemas/limits';

const text = (value: string) => ({ type: 'text', value });
const media = { type: 'media', attachment_id: 'att_123' };
const richLink = { type: 'rich_link', url: 'https://example.com/order/1' };

function request(overrides: Record<string, unknown> = {}, message: Record<string, unknown> = {}) {
	return {
		from: '+15550000001',
		to: ['+14155550123'],
		...overrides,
		message: { parts: [text('Hello Ana')], ...message },
	};
}

function issuesOf(input: unknown) {
	const result = createChatRequest.safeParse(input);
	return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('createChatRequest (POST /chats)', () => {
	it('accepts a direct chat with one text part', () => {
		expect(createChatRequest.parse(request())).toEqual(request());
	});

	it('accepts a DM first message with text, media and a rich link', () => {
		const parts = [text('Your order'), media, richLink];
		expect(issuesOf(request({}, { parts }))).toEqual([]);
	});

	it('accepts a group of 2 to 31 distinct recipients with a subject', () => {
		const to = Array.from({ length: MAX_RECIPIENTS }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
		expect(issuesOf(request({ to }, { subject: 'Team' }))).toEqual([]);
		expect(issuesOf(request({ to: to.slice(0, 2) }))).toEqual([]);
	});

	it('accepts an idempotency key and trims it', () => {
		expect(createChatRequest.parse(request({}, { idempotency_key: ' k1 ' })).message.idempotency_key).toBe('k1');
	});

	it.each([
		['missing', undefined, 'is required'],
		['empty', '', 'is required'],
		['without plus', '14155550123', 'E.164'],
		['with spaces', '+1 415 555 0123', 'E.164'],
		['with a leading zero country code', '+04155550123', 'E.164'],
		['too long', '+1234567890123456', 'E.164'],
	])('refuses a From number that is %s', (_case, from, message) => {
		expect(issuesOf(request({ from }))).toEqual([{ path: 'from', message: expect.stringContaining(message) }]);
	});

	it('refuses a recipient that is not E.164 and points at it', () => {
		expect(issuesOf(request({ to: ['+14155550123', '555-0199'] }))).toEqual([
			{ path: 'to.1', message: expect.stringContaining('E.164') },
		]);
	});

	it('refuses no recipients, more than 31, and duplicates', () => {
		expect(issuesOf(request({ to: [] }))[0].message).toContain('at least one recipient');
		const tooMany = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
		expect(issuesOf(request({ to: tooMany }))[0].message).toContain(`at most ${MAX_RECIPIENTS}`);
		expect(issuesOf(request({ to: ['+14155550123', '+14155550123'] }))).toEqual([
			{ path: 'to.1', message: expect.stringContaining('twice') },
		]);
	});

	it('refuses no parts and more than 10 parts', () => {
		expect(issuesOf(request({}, { parts: [] }))[0]).toEqual({ path: 'message.parts', message: expect.stringContaining('at least one part') });
		const eleven = Array.from({ length: MAX_PARTS + 1 }, (_, i) => (i % 2 ? media : text(`t${i}`)));
		expect(issuesOf(request({}, { parts: eleven }))[0]).toEqual({ path: 'message.parts', message: expect.stringContaining(`at most ${MAX_PARTS}`) });
		const ten = eleven.slice(0, MAX_PARTS);
		expect(issuesOf(request({}, { parts: ten }))).toEqual([]);
	});

	it('refuses two text parts in a row but accepts text around other parts', () => {
		expect(issuesOf(request({}, { parts: [text('a'), text('b')] }))).toEqual([
			{ path: 'message.parts.1.type', message: expect.stringContaining('two text parts in a row') },
		]);
		expect(issuesOf(request({}, { parts: [text('a'), media, text('b')] }))).toEqual([]);
	});

	it('refuses empty or blank text', () => {
		expect(issuesOf(request({}, { parts: [text('   ')] }))).toEqual([
			{ path: 'message.parts.0.value', message: 'must not be empty' },
		]);
	});

	it('refuses a media part without an attachment id, or with a URL instead of one', () => {
		expect(issuesOf(request({}, { parts: [{ type: 'media', attachment_id: '' }] }))[0].path).toBe('message.parts.0.attachment_id');
		expect(issuesOf(request({}, { parts: [{ type: 'media' }] }))[0].path).toBe('message.parts.0.attachment_id');
		expect(issuesOf(request({}, { parts: [{ type: 'media', attachment_id: 'https://x.io/a.png' }] }))).toEqual([
			{ path: 'message.parts.0.attachment_id', message: expect.stringContaining('not a URL') },
		]);
	});

	it.each(['example.com', 'ftp://example.com/file', '/relative/path', 'https://', 'https://exa mple.com'])(
		'refuses the rich link URL %s',
		(url) => {
			expect(issuesOf(request({}, { parts: [{ type: 'rich_link', url }] }))).toEqual([
				{ path: 'message.parts.0.url', message: expect.stringContaining('absolute http(s) URL') },
			]);
		},
	);

	it('accepts rich link details and checks the image and icon URLs', () => {
		const full = { type: 'rich_link', url: 'http://example.com', title: 'T', summary: 'S', image_url: 'https://example.com/i.png', icon_url: 'https://example.com/f.ico' };
		expect(issuesOf(request({}, { parts: [full] }))).toEqual([]);
		expect(issuesOf(request({}, { parts: [{ ...full, image_url: 'not a url', icon_url: 'x' }] })).map((i) => i.path)).toEqual([
			'message.parts.0.image_url',
			'message.parts.0.icon_url',
		]);
	});

	it.each(['see https://example.com', 'visit www.example.com today', 'HTTP://EXAMPLE.COM'])(
		'refuses a URL inside first-message text: %s',
		(value) => {
			expect(issuesOf(request({}, { parts: [text(value)] }))).toEqual([
				{ path: 'message.parts.0.value', message: expect.stringContaining('Rich Link') },
			]);
		},
	);

	it('refuses a legacy link part in a first message', () => {
		expect(issuesOf(request({}, { parts: [{ type: 'link', url: 'https://example.com' }] }))).toEqual([
			{ path: 'message.parts.0.type', message: expect.stringContaining('Rich Link') },
		]);
	});

	it('refuses media and rich links in a group first message, not in a DM', () => {
		const to = ['+14155550123', '+14155550124'];
		expect(issuesOf(request({ to }, { parts: [text('hi'), media, richLink] })).map((i) => i.path)).toEqual([
			'message.parts.1.type',
			'message.parts.2.type',
		]);
		expect(issuesOf(request({}, { parts: [text('hi'), media, richLink] }))).toEqual([]);
	});

	it('refuses an unknown part type, listing the known ones', () => {
		expect(issuesOf(request({}, { parts: [{ type: 'sticker' }] }))).toEqual([
			{ path: 'message.parts.0.type', message: 'must be one of: text, media, rich_link, link' },
		]);
	});

	it('refuses fields that belong to another part type', () => {
		expect(issuesOf(request({}, { parts: [{ type: 'text', value: 'a', url: 'https://x.io' }] }))[0].path).toBe('message.parts.0');
	});
});
