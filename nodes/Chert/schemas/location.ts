import { z } from 'zod';

import { choice, optionalText } from './fields';
import { idempotencyKey } from './idempotency';
import { e164 } from './phone';

/** Chert's example of the chat id `/locations` takes: a delivery chat id, not a chat's UUID. */
export const DELIVERY_CHAT_ID_EXAMPLE = 'iMessage;+;chat42';

// The shape of the ids POST /chats returns in Chert's examples: never a delivery chat id.
const CHAT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikeChatUuid(value: string): boolean {
	return CHAT_UUID.test(value.trim());
}

/**
 * The `fallback_mode` values Chert documents (only "auto"); the UI's choices and the check
 * below read this table.
 */
export const FALLBACK_MODES = {
	auto: {
		name: 'Auto: fall back to an Apple Maps link',
		description: 'Chert may send an Apple Maps link instead of the pin, after an enabled line has accepted it',
	},
} as const;

export type FallbackMode = keyof typeof FALLBACK_MODES;
export const fallbackModeValues = Object.keys(FALLBACK_MODES) as [FallbackMode, ...FallbackMode[]];

const DELIVERY_CHAT_ID_REQUIRED = `is required: Chert’s delivery chat id (e.g. ${DELIVERY_CHAT_ID_EXAMPLE}), or send to a phone number instead`;

const deliveryChatId = z.preprocess(
	(value) => value ?? '',
	z
		.string()
		.trim()
		.min(1, DELIVERY_CHAT_ID_REQUIRED)
		.refine(
			(value) => !looksLikeChatUuid(value),
			`is a chat UUID (the chat id Create Chat returns), which Chert’s /locations does not take: give Chert’s delivery chat id (e.g. ${DELIVERY_CHAT_ID_EXAMPLE}), or send to the phone number instead`,
		),
);

// Date, time and (optionally) seconds, fraction and offset: what ISO 8601 calls a date-time.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/** An ISO 8601 date-time; a Date or a Luxon DateTime (from an expression such as `{{ $now }}`) is written as one. */
const isoDateTime = z.preprocess(
	(value) => {
		if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
		const toISO = (value as { toISO?: unknown } | null)?.toISO;
		return typeof toISO === 'function' ? (toISO as () => unknown).call(value) : value;
	},
	z
		.string()
		.trim()
		.refine(
			(value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
			'must be an ISO 8601 date-time, e.g. 2026-06-01T18:00:00Z',
		),
);

function degrees(limit: number, example: string) {
	return z
		.number()
		.refine(
			(value) => Number.isFinite(value) && Math.abs(value) <= limit,
			`must be a number of degrees between -${limit} and ${limit} (e.g. ${example})`,
		);
}

/** `POST /locations`: a location pin, into a delivery chat or to a phone number. */
export const sendLocationRequest = z
	.object({
		chat_id: deliveryChatId.optional(),
		phone: e164.optional(),
		latitude: degrees(90, '37.7793 north, -33.8688 south'),
		longitude: degrees(180, '-122.4193 west, 151.2093 east'),
		label: optionalText,
		address: optionalText,
		fallback_mode: choice(fallbackModeValues).optional(),
		expires_at: isoDateTime.optional(),
		idempotency_key: idempotencyKey.optional(),
	})
	.strict()
	.superRefine((request, ctx) => {
		if (request.chat_id === undefined && request.phone === undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['chat_id'],
				message: DELIVERY_CHAT_ID_REQUIRED,
			});
		}
		if (request.chat_id !== undefined && request.phone !== undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['phone'],
				message: 'cannot be given together with a chat ID: send to one or the other',
			});
		}
	});
