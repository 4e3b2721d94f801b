import { z } from 'zod';

import { idempotencyKey } from './idempotency';
import { partsSchema } from './parts';

export const chatId = z
	.string({ required_error: 'is required' })
	.trim()
	.min(1, 'is required: use the chat.id (chatId) that Create Chat returned');

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
