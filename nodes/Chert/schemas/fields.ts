import { z } from 'zod';

/** Field rules several requests share; each says how to fix a bad value. */

/**
 * An id the user usually passes on from the previous node (`{{ $json.chatId }}`): when it is
 * missing there the expression gives nothing, and the error should still say where it comes from.
 */
export function idOf(hint: string) {
	return z.preprocess((value) => value ?? '', z.string().trim().min(1, `is required: ${hint}`));
}

export const chatId = idOf('use the chatId a Chert node returned (Create Chat, Send to Phone Number)');

export const messageId = idOf('use the messageId a Chert node returned when the message was sent, or of a received message');

/** Text sent as typed, but never empty or blank. */
export const requiredText = z
	.string({ required_error: 'is required' })
	.refine((value) => value.trim().length > 0, 'must not be empty');

/** An optional field the node leaves out when empty: a value given by an expression must not be blank. */
export const optionalText = z.string().trim().min(1, 'must not be empty when given').optional();

/** One of a fixed set of values, listed in the error so the fix is obvious. */
export function choice<T extends string>(values: readonly [T, ...T[]]) {
	return z.enum(values as [T, ...T[]], {
		errorMap: (issue, ctx) =>
			issue.code === z.ZodIssueCode.invalid_enum_value
				? { message: `must be one of: ${values.join(', ')}` }
				: { message: ctx.defaultError },
	});
}
