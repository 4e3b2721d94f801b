import { z } from 'zod';

import { chatId, optionalText } from './fields';
import { idempotencyKey } from './idempotency';
import { e164 } from './phone';

function degrees(limit: number, example: string) {
	return z
		.number()
		.refine(
			(value) => Number.isFinite(value) && Math.abs(value) <= limit,
			`must be a number of degrees between -${limit} and ${limit} (e.g. ${example})`,
		);
}

/** `POST /locations`: a location pin, to a chat or to a phone number. */
export const sendLocationRequest = z
	.object({
		chat_id: chatId.optional(),
		phone: e164.optional(),
		latitude: degrees(90, '37.7793 north, -33.8688 south'),
		longitude: degrees(180, '-122.4193 west, 151.2093 east'),
		label: optionalText,
		address: optionalText,
		idempotency_key: idempotencyKey.optional(),
	})
	.strict()
	.superRefine((request, ctx) => {
		if (request.chat_id === undefined && request.phone === undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['chat_id'],
				message: 'is required: give the chat, or send to a phone number instead',
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
