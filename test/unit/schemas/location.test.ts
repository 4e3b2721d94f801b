import { FALLBACK_MODES, looksLikeChatUuid, sendLocationRequest } from '../../../nodes/Chert/schemas/location';

const pin = { latitude: 37.7793, longitude: -122.4193 };

function issuesOf(input: unknown) {
	const result = sendLocationRequest.safeParse(input);
	return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('sendLocationRequest (POST /locations)', () => {
	it('accepts a chat or a phone number, with label, address and key', () => {
		expect(issuesOf({ chat_id: 'c1', ...pin })).toEqual([]);
		const full = { phone: '+14155550123', ...pin, label: 'City Hall', address: '1 Dr Carlton B Goodlett Pl', idempotency_key: 'k' };
		expect(sendLocationRequest.parse(full)).toEqual(full);
	});

	it.each([
		[-90, -180],
		[90, 180],
		[0, 0],
	])('accepts the edge coordinates %p, %p', (latitude, longitude) => {
		expect(issuesOf({ chat_id: 'c1', latitude, longitude })).toEqual([]);
	});

	it.each([
		['latitude', 90.0001],
		['latitude', -91],
		['longitude', 180.5],
		['longitude', -181],
		['latitude', Number.NaN],
		['longitude', Number.POSITIVE_INFINITY],
		['latitude', '37.7'],
	])('refuses %s %p', (field, value) => {
		expect(issuesOf({ chat_id: 'c1', ...pin, [field]: value }).map((i) => i.path)).toEqual([field]);
	});

	it('says what a valid coordinate is', () => {
		expect(issuesOf({ chat_id: 'c1', ...pin, latitude: 100 })[0].message).toMatch(/^must be a number of degrees between -90 and 90/);
	});

	it('needs exactly one of chat and phone', () => {
		expect(issuesOf({ ...pin })).toEqual([{ path: 'chat_id', message: expect.stringContaining('is required') }]);
		expect(issuesOf({ chat_id: 'c1', phone: '+14155550123', ...pin })).toEqual([
			{ path: 'phone', message: expect.stringContaining('cannot be given together with a chat ID') },
		]);
	});

	it('refuses a blank chat id, a bad phone number and blank optional fields', () => {
		expect(issuesOf({ chat_id: ' ', ...pin }).map((i) => i.path)).toEqual(['chat_id']);
		expect(issuesOf({ phone: '555 0123', ...pin }).map((i) => i.path)).toEqual(['phone']);
		expect(issuesOf({ chat_id: 'c1', ...pin, label: ' ', address: '' }).map((i) => i.path)).toEqual(['label', 'address']);
	});

	it('refuses a chat UUID (the id Create Chat returns) as the delivery chat id, saying which id it takes', () => {
		const [issue] = issuesOf({ chat_id: '17f6e9ed-1c0a-4c53-9a39-2b8f3c0e4d11', ...pin });
		expect(issue).toEqual({ path: 'chat_id', message: expect.stringMatching(/^is a chat UUID .*delivery chat id \(e\.g\. iMessage;\+;chat42\)/) });
		expect(issuesOf({ chat_id: ' 17F6E9ED-1C0A-4C53-9A39-2B8F3C0E4D11 ', ...pin }).map((i) => i.path)).toEqual(['chat_id']);
	});

	it.each(['iMessage;+;chat42', 'iMessage;-;+14155550123', 'ch_01H8XYZ', '17f6e9ed-...'])('takes %p as a delivery chat id', (chatId) => {
		expect(looksLikeChatUuid(chatId)).toBe(false);
		expect(issuesOf({ chat_id: chatId, ...pin })).toEqual([]);
	});

	it('takes the documented fallback_mode "auto" only, and names the values', () => {
		expect(Object.keys(FALLBACK_MODES)).toEqual(['auto']);
		expect(issuesOf({ phone: '+14155550123', ...pin, fallback_mode: 'auto' })).toEqual([]);
		expect(issuesOf({ phone: '+14155550123', ...pin, fallback_mode: 'link' })).toEqual([{ path: 'fallback_mode', message: 'must be one of: auto' }]);
	});

	it.each(['2026-06-01T18:00:00Z', '2026-06-01T18:00:00.000+02:00', '2026-06-01T18:00', '2026-06-01T18:00:00'])(
		'takes the ISO 8601 date-time %p as expires_at, as it is',
		(expiresAt) => {
			expect(sendLocationRequest.parse({ phone: '+14155550123', ...pin, expires_at: expiresAt }).expires_at).toBe(expiresAt);
		},
	);

	it('writes a Date or a Luxon DateTime (what $now gives) as an ISO 8601 date-time', () => {
		const date = new Date('2026-06-01T18:00:00Z');
		expect(sendLocationRequest.parse({ phone: '+14155550123', ...pin, expires_at: date }).expires_at).toBe('2026-06-01T18:00:00.000Z');
		const luxonLike = { toISO: () => '2026-06-01T20:00:00.000+02:00' };
		expect(sendLocationRequest.parse({ phone: '+14155550123', ...pin, expires_at: luxonLike }).expires_at).toBe('2026-06-01T20:00:00.000+02:00');
	});

	it.each(['tomorrow', '2026-06-01', '2026-13-01T18:00:00Z', 1767225600])('refuses %p as expires_at', (expiresAt) => {
		expect(issuesOf({ phone: '+14155550123', ...pin, expires_at: expiresAt }).map((i) => i.path)).toEqual(['expires_at']);
	});
});
