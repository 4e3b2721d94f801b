import { EDIT_WINDOW_MINUTES } from '../schemas/limits';

/**
 * What to do about the Chert errors a user can fix, by Chert's error code. The codes and
 * their meaning come from Chert's error catalogue; the server's own message is always shown
 * first, these only add the next step.
 */
export const ERROR_HINTS: Record<number, string> = {
	1001: 'A required field is missing (e.g. From, To or the message parts): check the field Chert names.',
	1002: 'A field has a value Chert does not accept: check the field named in the message.',
	1003: 'Phone numbers must be in E.164 format, e.g. +14155550123.',
	1004: 'The request body was not valid JSON.',
	1005: 'A first message may not contain links in text or a legacy Link part: use a Rich Link part.',
	1006: 'Too many parts (at most 10) or too many recipients (at most 31).',
	1007: 'Chert is rate limiting this account: wait and try again.',
	1008: 'Two text parts in a row: merge them or put another part between them.',
	1009: 'The text is too long: split it over several messages.',
	1010: 'Chert only sends over iMessage.',
	1011: 'A part does not match its type, or a media part does not reference an uploaded attachment (URLs are not attachment IDs).',
	1012: `The chat or message is not in a state that allows this. An edit works only on your own (outbound) messages, within ${EDIT_WINDOW_MINUTES} minutes of sending them.`,
	1013: 'The contact has no phone number.',
	2001: 'The tenant was not found: check the account the signing secret belongs to.',
	2002: 'The chat was not found: use the chat.id from Create Chat (not a message ID).',
	2003: 'The message was not found: use the messageId a Chert node returned (not a chat ID).',
	2004: 'Chert rejected the credentials: check the signing secret in the Chert API credential.',
	2005: 'This account is not allowed to do this.',
	2006: 'This number is not assigned to your Chert account: use one of your Chert numbers as From.',
	2007: 'Verify the email address of your Chert account first.',
	2008: 'Your Chert account has reached its limit.',
	2012: 'Chert rejected the credentials: check the signing secret in the Chert API credential.',
	2013: 'The request timestamp is outside Chert’s window: check this machine’s clock.',
	4001: 'Chert could not deliver the message downstream; this is temporary.',
	4002: 'Every line is busy for this recipient; try again later.',
	4098: 'Chert does not know this send effect.',
	4099: 'Chert does not support this here (e.g. media or a rich link in a group chat’s first message, or an edit on a line that cannot edit).',
	5001: 'The attachment was not found: check the attachment ID.',
	5002: 'The attachment is too large.',
	5003: 'The attachment type is not supported.',
	5004: 'The attachment has not been uploaded yet: finish the upload first.',
};
