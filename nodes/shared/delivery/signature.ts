import { createHmac, timingSafeEqual } from 'crypto';

/** Chert's window for a delivery's signature timestamp, in seconds either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** Where Chert puts a delivery's signature, in the order they are read. */
export const SIGNATURE_HEADERS = ['x-webhook-signature', 'x-chert-signature'] as const;

export type SignatureProblem =
	| 'missing signature'
	| 'malformed signature'
	| 'timestamp outside the window'
	| 'signature mismatch'
	| 'no raw body'
	| 'no subscription secret';

export type SignatureCheck = { valid: true } | { valid: false; problem: SignatureProblem };

interface ParsedSignature {
	timestamp: number;
	digests: Buffer[];
}

const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Reads both documented formats: `t=<ts>,v1=<hex>` (several `v1` entries are accepted, any
 * may match) and the legacy `v1,<ts>,<hex>`. Anything else is malformed.
 */
export function parseSignature(value: string): ParsedSignature | undefined {
	const legacy = /^v1,(\d{1,12}),([0-9a-fA-F]{64})$/.exec(value.trim());
	if (legacy) return { timestamp: Number(legacy[1]), digests: [Buffer.from(legacy[2], 'hex')] };

	let timestamp: number | undefined;
	const digests: Buffer[] = [];
	for (const element of value.split(',')) {
		const separator = element.indexOf('=');
		if (separator < 0) return undefined;
		const key = element.slice(0, separator).trim();
		const field = element.slice(separator + 1).trim();
		if (key === 't') {
			if (timestamp !== undefined || !UNIX_SECONDS.test(field)) return undefined;
			timestamp = Number(field);
		} else if (key === 'v1') {
			if (!HEX_DIGEST.test(field)) return undefined;
			digests.push(Buffer.from(field, 'hex'));
		}
	}
	return timestamp === undefined || digests.length === 0 ? undefined : { timestamp, digests };
}

/**
 * Checks a delivery the way Chert signs it: HMAC-SHA256 of `"<ts>.<raw body bytes>"` keyed
 * by the subscription's secret, compared in constant time, with the timestamp within
 * ±300 s. Never throws; says what was wrong (never with the secret or a digest in it).
 */
export function verifySignature(input: {
	header: string | undefined;
	rawBody: unknown;
	secret: unknown;
	nowSeconds?: number;
	windowSeconds?: number;
}): SignatureCheck {
	try {
		if (!input.header) return { valid: false, problem: 'missing signature' };
		if (typeof input.secret !== 'string' || input.secret === '') {
			return { valid: false, problem: 'no subscription secret' };
		}
		if (!Buffer.isBuffer(input.rawBody)) return { valid: false, problem: 'no raw body' };
		const signature = parseSignature(input.header);
		if (!signature) return { valid: false, problem: 'malformed signature' };
		const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
		if (Math.abs(now - signature.timestamp) > (input.windowSeconds ?? SIGNATURE_WINDOW_SECONDS)) {
			return { valid: false, problem: 'timestamp outside the window' };
		}
		const expected = createHmac('sha256', input.secret)
			.update(`${signature.timestamp}.`, 'utf8')
			.update(input.rawBody)
			.digest();
		const matches = signature.digests.some(
			(digest) => digest.length === expected.length && timingSafeEqual(digest, expected),
		);
		return matches ? { valid: true } : { valid: false, problem: 'signature mismatch' };
	} catch {
		return { valid: false, problem: 'malformed signature' };
	}
}

/** The first signature header present (a repeated header counts by its first value). */
export function signatureHeaderOf(headers: Record<string, string | string[] | undefined>): string | undefined {
	for (const name of SIGNATURE_HEADERS) {
		const value = headers[name];
		const first = Array.isArray(value) ? value[0] : value;
		if (typeof first === 'string' && first !== '') return first;
	}
	return undefined;
}
