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

const attachmentIdRule = PART_FIELDS.attachmentId.schema;

/**
 * One entry of `/send`'s `attachments`, in the four shapes Chert documents: `"att_…"`,
 * `{ id }`, `{ attachment_id }`, and `{ attachment_id, live_photo: true }` (an uploaded HEIC
 * paired with its companion MOV). `{ url }` entries are refused by Chert (1011), so here too.
 */
export const sendAttachmentEntry = z.unknown().transform((entry, ctx): string | Record<string, unknown> => {
	const fail = (message: string, path: Array<string | number> = []) => {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message, path });
		return z.NEVER;
	};
	const idOf = (value: unknown, path: Array<string | number>) => {
		const result = attachmentIdRule.safeParse(value);
		return result.success ? result.data : fail(result.error.issues[0].message, path);
	};
	if (typeof entry === 'string') return idOf(entry, []);
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		return fail('must be an attachment ID, or an object { "attachment_id": "…" } (with "live_photo": true for a Live Photo)');
	}
	const fields = entry as Record<string, unknown>;
	if ('url' in fields) {
		return fail('is a URL reference, which Chert’s /send refuses: upload the file to Chert first and give its attachment_id');
	}
	const key = 'attachment_id' in fields ? 'attachment_id' : 'id' in fields ? 'id' : undefined;
	if (key === undefined) return fail('needs an attachment_id: { "attachment_id": "…" }');
	const allowed = key === 'attachment_id' ? ['attachment_id', 'live_photo'] : ['id'];
	const unknown = Object.keys(fields).filter((name) => !allowed.includes(name));
	if (unknown.length > 0) {
		return fail(`has fields Chert does not accept in an attachment: ${unknown.join(', ')} (it takes ${allowed.join(', ')})`);
	}
	if ('live_photo' in fields && typeof fields.live_photo !== 'boolean') {
		return fail('must be true or false', ['live_photo']);
	}
	return { ...fields, [key]: idOf(fields[key], [key]) };
});

/** `POST /send`: a text to a phone number; Chert finds or creates the chat (its "lead"). */
export const sendToPhoneNumberRequest = z
	.object({
		phone: e164,
		body: requiredText,
		idempotency_key: idempotencyKey.optional(),
		name: optionalText,
		external_id: optionalText,
		phone_line_id: optionalText,
		attachments: z.array(sendAttachmentEntry).optional(),
		effect: optionalText,
	})
	.strict();
