import { z } from 'zod';

import { chatId, optionalText } from './fields';
import { E164_EXAMPLE } from './limits';
import { e164 } from './phone';

// Chert documents "E.164 or email" and no more; a loose check catches typos, Chert decides the rest.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A group member as Chert names it: a phone number in E.164 or an email address. */
export const participantAddress = z.preprocess(
	(value) => value ?? '',
	z
		.string()
		.trim()
		.min(1, `is required: a phone number in E.164 format (e.g. ${E164_EXAMPLE}) or an email address`)
		.pipe(
			z
				.string()
				.refine(
					(value) => e164.safeParse(value).success || EMAIL_PATTERN.test(value),
					`must be a phone number in E.164 format (a plus sign, the country code and the number, e.g. ${E164_EXAMPLE}) or an email address`,
				),
		),
);

export const httpsUrl = z
	.string()
	.trim()
	.refine((value) => {
		try {
			return new URL(value).protocol === 'https:';
		} catch {
			return false;
		}
	}, 'must be an https URL (e.g. https://cdn.example.com/icon.png)');

/** `POST /chats/{id}/participants`: idempotent, a re-add changes nothing. */
export const addParticipantRequest = z.object({ chatId, body: z.object({ address: participantAddress }).strict() }).strict();

/** `DELETE /chats/{id}/participants/{address}`: no body, the address goes in the path. */
export const removeParticipantRequest = z.object({ chatId, address: participantAddress }).strict();

/**
 * `PUT /chats/{id}`: a new name, an https icon, or both. Chert does not document a request
 * with neither, so the node refuses it.
 */
export const updateGroupRequest = z
	.object({
		chatId,
		body: z
			.object({ display_name: optionalText, group_chat_icon: httpsUrl.optional() })
			.strict()
			.refine(
				(body) => body.display_name !== undefined || body.group_chat_icon !== undefined,
				'needs at least one: a new group name, an https icon URL, or both',
			),
	})
	.strict();
