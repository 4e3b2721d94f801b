import { EDIT_WINDOW_MINUTES } from './limits';

/**
 * What to do about the Chert errors a user can fix. The server's own message is always
 * shown first; a hint only adds the next step. Chert gives one code different meanings on
 * different pages, so a hint is looked up for the route first (ROUTE_HINTS), then by code
 * alone (ERROR_HINTS). Every call goes through the transport, which knows its route: an
 * operation gets the right hints by calling its route, without naming them itself.
 */

/** A call as the transport makes it: method, and the path under `/api/v1` (ids filled in). */
export interface ChertRoute {
	method: string;
	endpoint: string;
}

/** What a code means when the route does not say otherwise (Chert's error catalogue). */
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
	1012: 'The chat or message is not in a state that allows this.',
	1013: 'The contact has no phone number.',
	2001: 'The tenant was not found: check the account the signing secret belongs to.',
	2002: 'The chat was not found: use the chat.id from Create Chat (not a message ID).',
	2003: 'The message was not found: use the messageId a Chert node returned (not a chat ID).',
	2004: 'Chert rejected the credentials: check the signing secret in the Chert API credential.',
	2005: 'This account is not allowed to do this.',
	2006: 'This number is not assigned to your Chert account: use one of your Chert numbers as From.',
	2007: 'Verify the email address of your Chert account first.',
	2008: 'Your Chert account has reached its limit.',
	2011: 'The event was not found: use the id of a row of GET /events (evt_…).',
	2012: 'Chert rejected the credentials: check the signing secret in the Chert API credential.',
	2013: 'The request timestamp is outside Chert’s window: check this machine’s clock.',
	3001: 'Chert had a server error; this is temporary.',
	3002: 'Chert had a server error; this is temporary.',
	3003: 'Chert is unavailable for the moment; this is temporary.',
	3004: 'Chert had a server error; this is temporary.',
	4001: 'Chert could not deliver the message downstream; this is temporary.',
	4002: 'Every line is busy for this recipient; try again later.',
	4098: 'Chert does not know this send effect.',
	4099: 'Chert does not support this here (on this line or in this chat).',
	5001: 'The attachment was not found: check the attachment ID.',
	5002: 'The attachment is too large.',
	5003: 'The attachment type is not supported.',
	5004: 'The attachment has not been uploaded yet: finish the upload first.',
};

const GROUP_IS_DM = 'This chat is a direct message, not a group: participants and the group’s name or icon can only be changed in a group chat.';
const GROUP_CHANGE_REJECTED = 'Chert rejected the group change (the chat’s pinned line makes it): check the chat and try again later.';
const GROUP_NOT_MANAGEABLE = 'This group cannot be changed through Chert: it lacks a chat key or a pinned line.';

/**
 * Meanings a route gives a code, keyed by method and path pattern (`:name` = one path
 * segment), from the per-page notes of Chert's error table.
 */
export const ROUTE_HINTS: Record<string, Record<number, string>> = {
	'POST /chats': {
		1006: 'Too many recipients: a group chat takes at most 31 numbers (or a message has more than 10 parts).',
		4099: 'The first message of a group chat can only be text: send media and rich links in a follow-up message.',
	},
	'POST /chats/:id/mark-read': {
		1002: 'Chert found no recipient to send the read receipt to in this chat.',
		4099: 'The chat’s line cannot send read receipts.',
	},
	'POST /messages/:id/react': {
		1002: 'Not a reaction Chert accepts: love, like, dislike, laugh, emphasize or question.',
	},
	'POST /messages/:id/edit': {
		1002: 'The new text must not be empty.',
		1012: 'Chert edits only messages you sent (outbound), not ones you received.',
		4001: `The message can no longer be edited: Chert edits a message only within ${EDIT_WINDOW_MINUTES} minutes of sending it. Send a new message instead.`,
		4099: 'The line that sent this message cannot edit messages.',
	},
	'POST /send': {
		1002: 'An entry of Attachments is not one Chert accepts: an attachment_id, { "id" }, { "attachment_id" } or { "attachment_id", "live_photo": true }.',
		1011: 'POST /send takes uploaded attachments only, not URLs: upload the file first (Attachment → Upload) and send its attachment_id.',
	},
	'POST /locations': {
		2002: 'Chert knows no delivery chat with this Chat ID: /locations takes Chert’s delivery chat id (e.g. iMessage;+;chat42), not the chat UUID from Create Chat. Or send to the phone number instead.',
		4099: 'The line cannot send locations: it has no location support.',
	},
	'POST /chats/:id/participants': {
		1001: 'The address to add is missing: give an E.164 number or an email address.',
		1006: GROUP_IS_DM,
		4001: GROUP_CHANGE_REJECTED,
		4099: GROUP_NOT_MANAGEABLE,
	},
	'DELETE /chats/:id/participants/:address': {
		1001: 'This address is not in the group (already removed?), or none was given.',
		1002: 'A group chat cannot shrink below 3 members (Apple’s minimum): add someone before removing this one.',
		1006: GROUP_IS_DM,
		4001: GROUP_CHANGE_REJECTED,
		4099: GROUP_NOT_MANAGEABLE,
	},
	'PUT /chats/:id': {
		1002: 'The group’s name must not be blank, and its icon must be an https URL.',
		1006: GROUP_IS_DM,
		4001: GROUP_CHANGE_REJECTED,
		4099: GROUP_NOT_MANAGEABLE,
	},
	'GET /events': {
		1002: 'Check the filters: status is pending, delivered, failed or dev_inbox; limit is 1 to 200; since is an ISO 8601 date-time.',
	},
	'GET /events/:id': {
		2011: 'The event was not found: use the id of a row of GET /events (evt_…), not the envelope’s event_id.',
	},
	'POST /events/:id/replay': {
		1002: 'The event has nowhere to go: the tenant has no webhook destination (or only the dev inbox). Add a webhook subscription, or replay to a given one (subscription_id).',
		2011: 'The event was not found: use the id of a row of GET /events (evt_…), not the envelope’s event_id.',
		3004: 'Chert could not deliver the replay to the webhook endpoint; this is temporary: replay it again later.',
	},
	'POST /webhook-subscriptions': {
		1002: 'Chert takes an https URL (or the sentinel https://dev-inbox) and events it knows: message.received, lead_reply, reaction.added, reaction.removed.',
	},
	'PATCH /webhook-subscriptions/:id': {
		1002: 'Chert documents is_active (true or false) as what a subscription update sets.',
	},
};

const compiled = Object.entries(ROUTE_HINTS).map(([route, hints]) => {
	const [method, path] = route.split(' ');
	return { method, segments: segmentsOf(path), hints };
});

function segmentsOf(path: string): string[] {
	return path.split('?')[0].split('/').filter(Boolean);
}

function matches(pattern: string[], segments: string[]): boolean {
	return (
		pattern.length === segments.length &&
		pattern.every((part, index) => (part.startsWith(':') ? segments[index] !== '' : part === segments[index]))
	);
}

/** The hint for a code on a route: the route's own meaning, else the code's general one. */
export function errorHintFor(code: number | undefined, route?: ChertRoute): string | undefined {
	if (code === undefined) return undefined;
	if (route) {
		const method = route.method.toUpperCase();
		const segments = segmentsOf(route.endpoint);
		const own = compiled.find((entry) => entry.method === method && matches(entry.segments, segments));
		const hint = own?.hints[code];
		if (hint !== undefined) return hint;
	}
	return ERROR_HINTS[code];
}
