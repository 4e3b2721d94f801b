import { z } from 'zod';

import { chatId, choice } from './fields';
import { idempotencyKey } from './idempotency';
import { MAX_RECIPIENTS } from './limits';
import { partsSchema, refineFirstMessageParts, refineGroupFirstMessageParts } from './parts';
import { e164 } from './phone';

const recipients = z
	.array(e164)
	.min(1, 'needs at least one recipient phone number')
	.max(
		MAX_RECIPIENTS,
		`can hold at most ${MAX_RECIPIENTS} recipients (1 for a direct chat, 2–${MAX_RECIPIENTS} for a group)`,
	)
	.superRefine((numbers, ctx) => {
		numbers.forEach((number, index) => {
			if (numbers.indexOf(number) !== index) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [index],
					message: `lists ${number} twice: give each recipient once`,
				});
			}
		});
	});

/** `POST /chats`: start a chat (a DM for one recipient, a group for 2–31) with its first message. */
export const createChatRequest = z
	.object({
		from: e164,
		to: recipients,
		message: z
			.object({
				parts: partsSchema,
				idempotency_key: idempotencyKey.optional(),
				subject: z.string().trim().min(1, 'must not be empty when given').optional(),
			})
			.strict(),
	})
	.strict()
	.superRefine((request, ctx) => {
		refineFirstMessageParts(request.message.parts, ctx, ['message', 'parts']);
		if (request.to.length > 1) {
			refineGroupFirstMessageParts(request.message.parts, ctx, ['message', 'parts']);
		}
	});

export type CreateChatRequest = z.infer<typeof createChatRequest>;

/** What a chat's typing indicator can show; the UI's dropdown and the check below read this table. */
export const TYPING_STATES = {
	stopped: { name: 'Stopped', description: 'Hide the typing indicator' },
	typing: { name: 'Typing', description: 'Show the typing indicator (the three dots)' },
} as const;

export type TypingState = keyof typeof TYPING_STATES;
export const typingStateValues = Object.keys(TYPING_STATES) as [TypingState, ...TypingState[]];

/** `POST /chats/{chat_id}/typing`. */
export const sendTypingIndicatorRequest = z
	.object({ chatId, body: z.object({ state: choice(typingStateValues) }).strict() })
	.strict();

/** A request about one existing chat and nothing else: `mark-read`, the message history. */
export const chatRequest = z.object({ chatId }).strict();
