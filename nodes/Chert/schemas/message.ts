import { z } from 'zod';

import { chatId, choice, messageId, optionalText, requiredText } from './fields';
import { idempotencyKey } from './idempotency';
import { MAX_PARTS } from './limits';
import { PART_FIELDS, partsSchema } from './parts';
import { e164 } from './phone';

/** `POST /chats/{chat_id}/messages`: a follow-up message in an existing chat. */
export const sendMessageRequest = z
	.object({
		chatId,
		body: z
			.object({
				message: z
					.object({ parts: partsSchema, idempotency_key: idempotencyKey.optional() })
					.strict(),
			})
			.strict(),
	})
	.strict();

export type SendMessageRequest = z.infer<typeof sendMessageRequest>;

/** The reactions Chert documents; the UI's dropdown and the check below read this table. */
export const REACTIONS = {
	dislike: { name: 'Dislike', description: 'Thumbs down' },
	emphasize: { name: 'Emphasize', description: 'Exclamation marks' },
	laugh: { name: 'Laugh', description: 'Ha ha' },
	like: { name: 'Like', description: 'Thumbs up' },
	love: { name: 'Love', description: 'A heart' },
	question: { name: 'Question', description: 'A question mark' },
} as const;

export type Reaction = keyof typeof REACTIONS;
export const reactionValues = Object.keys(REACTIONS) as [Reaction, ...Reaction[]];

/** `POST /messages/{message_id}/react`. */
export const reactRequest = z
	.object({ messageId, body: z.object({ reaction: choice(reactionValues) }).strict() })
	.strict();

/** `POST /messages/{message_id}/edit`: Chert edits one text part of your own recent message. */
export const editMessageRequest = z
	.object({
		messageId,
		body: z
			.object({
				new_text: requiredText,
				edited_part_index: z
					.number()
					.int('must be a whole number: parts are counted 0, 1, 2, …')
					.min(0, 'must be 0 or more: the first part is 0')
					.max(MAX_PARTS - 1, `must be at most ${MAX_PARTS - 1}: a message has at most ${MAX_PARTS} parts, counted from 0`),
			})
			.strict(),
	})
	.strict();

/** `GET /messages/{message_id}`. */
export const getMessageRequest = z.object({ messageId }).strict();

/** `POST /send`: a text to a phone number; Chert finds or creates the chat (its "lead"). */
export const sendToPhoneNumberRequest = z
	.object({
		phone: e164,
		body: requiredText,
		idempotency_key: idempotencyKey.optional(),
		name: optionalText,
		external_id: optionalText,
		phone_line_id: optionalText,
		attachments: z.array(PART_FIELDS.attachmentId.schema).optional(),
		effect: optionalText,
	})
	.strict();
