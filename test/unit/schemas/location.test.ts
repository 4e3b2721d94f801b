import { sendLocationRequest } from '../../../nodes/Chert/schemas/location';

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
});
