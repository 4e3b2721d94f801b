import { createHmac } from 'crypto';

import { parseSignature, signatureHeaderOf, verifySignature } from '../../../nodes/shared/delivery/signature';

const SECRET = 'ab'.repeat(32);
const NOW = 1_760_000_000;
const body = Buffer.from('{"event":"message.received","event_id":"e1"}');
const hex = (ts: number, raw: Buffer = body, secret = SECRET) =>
	createHmac('sha256', secret).update(`${ts}.`).update(raw).digest('hex');
const check = (header: string | undefined, extra: Partial<Parameters<typeof verifySignature>[0]> = {}) =>
	verifySignature({ header, rawBody: body, secret: SECRET, nowSeconds: NOW, ...extra });

describe('parseSignature', () => {
	it.each([
		[`t=${NOW},v1=${'a'.repeat(64)}`, NOW, 1],
		[` t=${NOW} , v1=${'A'.repeat(64)} `, NOW, 1],
		[`t=${NOW},v1=${'a'.repeat(64)},v1=${'b'.repeat(64)}`, NOW, 2],
		[`t=${NOW},v0=zz,v1=${'a'.repeat(64)}`, NOW, 1],
		[`v1,${NOW},${'c'.repeat(64)}`, NOW, 1],
	])('reads %s', (header, timestamp, digests) => {
		expect(parseSignature(header)).toEqual({ timestamp, digests: expect.any(Array) });
		expect(parseSignature(header)?.digests).toHaveLength(digests);
	});

	it.each([
		'',
		'garbage',
		`sha256=${'a'.repeat(64)}`,
		`v1=${'a'.repeat(64)}`,
		`t=${NOW}`,
		`t=abc,v1=${'a'.repeat(64)}`,
		`t=${NOW},t=${NOW},v1=${'a'.repeat(64)}`,
		`t=${NOW},v1=${'a'.repeat(63)}`,
		`t=${NOW},v1=${'g'.repeat(64)}`,
		`v1,${NOW},${'a'.repeat(63)}`,
		`v1,-5,${'a'.repeat(64)}`,
		`v2,${NOW},${'a'.repeat(64)}`,
	])('refuses %j', (header) => {
		expect(parseSignature(header)).toBeUndefined();
	});
});

describe('verifySignature', () => {
	it('accepts both formats signed with the secret over the raw bytes', () => {
		expect(check(`t=${NOW},v1=${hex(NOW)}`)).toEqual({ valid: true });
		expect(check(`v1,${NOW},${hex(NOW)}`)).toEqual({ valid: true });
		expect(check(`t=${NOW},v1=${hex(NOW).toUpperCase()}`)).toEqual({ valid: true });
		expect(check(`t=${NOW},v1=${'0'.repeat(64)},v1=${hex(NOW)}`)).toEqual({ valid: true });
	});

	it('checks the window both ways, 300 s inclusive', () => {
		expect(check(`t=${NOW - 300},v1=${hex(NOW - 300)}`)).toEqual({ valid: true });
		expect(check(`t=${NOW + 300},v1=${hex(NOW + 300)}`)).toEqual({ valid: true });
		expect(check(`t=${NOW - 301},v1=${hex(NOW - 301)}`)).toEqual({ valid: false, problem: 'timestamp outside the window' });
		expect(check(`t=${NOW + 301},v1=${hex(NOW + 301)}`)).toEqual({ valid: false, problem: 'timestamp outside the window' });
	});

	it.each([
		['another secret', `t=${NOW},v1=${hex(NOW, body, 'cd'.repeat(32))}`, {}, 'signature mismatch'],
		['another body', `t=${NOW},v1=${hex(NOW, Buffer.from('{}'))}`, {}, 'signature mismatch'],
		['another timestamp in the header', `t=${NOW - 1},v1=${hex(NOW)}`, {}, 'signature mismatch'],
		['no header', undefined, {}, 'missing signature'],
		['a malformed header', 'nonsense', {}, 'malformed signature'],
		['no raw body (a parsed object)', `t=${NOW},v1=${hex(NOW)}`, { rawBody: { event: 'x' } }, 'no raw body'],
		['no secret in static data', `t=${NOW},v1=${hex(NOW)}`, { secret: undefined }, 'no subscription secret'],
	] as const)('refuses %s', (_name, header, extra, problem) => {
		expect(check(header, extra)).toEqual({ valid: false, problem });
	});

	it('never throws', () => {
		expect(check(`t=${NOW},v1=${hex(NOW)}`, { secret: 42 })).toEqual({ valid: false, problem: 'no subscription secret' });
		expect(() => check({} as unknown as string)).not.toThrow();
	});
});

describe('signatureHeaderOf', () => {
	it('reads X-Webhook-Signature first, then x-chert-signature, the first of repeated values', () => {
		expect(signatureHeaderOf({ 'x-webhook-signature': 'a', 'x-chert-signature': 'b' })).toBe('a');
		expect(signatureHeaderOf({ 'x-chert-signature': 'b' })).toBe('b');
		expect(signatureHeaderOf({ 'x-webhook-signature': ['a', 'c'] })).toBe('a');
		expect(signatureHeaderOf({ 'x-webhook-signature': '' })).toBeUndefined();
	});
});
