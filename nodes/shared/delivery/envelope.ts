import type { IDataObject } from 'n8n-workflow';

/**
 * What the workflow gets for one delivery: Chert's envelope as it came, plus, on top, the
 * fields a workflow reaches for first. Chert sends the event's `data` at the top level or
 * (some deliveries) as `payload.data`: both are read. Handles are objects
 * `{ handle, service, is_me }` in Chert's envelope; older deliveries gave plain strings, and
 * legacy ones carry top-level `from`, `to`, `text`, `message_guid`: read when `data` lacks
 * the field, since Chert says to prefer `data`.
 *
 * A legacy top-level `from`, `to` or `text` shares its name (and meaning) with a shortcut:
 * there the shortcut, read from `data` first, stands.
 */
export function triggerOutput(envelope: IDataObject): IDataObject {
	const data = eventData(envelope);
	const chat = objectOf(data.chat);
	const message = objectOf(data.message);
	const legacy = legacyFieldsOf(envelope);
	const parts = Array.isArray(message.parts) ? message.parts.filter(isObject) : [];
	const texts = parts
		.filter((part) => part.type === 'text' && typeof part.value === 'string')
		.map((part) => part.value as string);
	const handles: unknown[] = Array.isArray(chat.handles) ? chat.handles : [];
	const line = handleOf(chat.owner_handle) ?? handleOf(handles.find((entry) => isObject(entry) && entry.is_me === true));
	const shortcuts: IDataObject = {
		chatId: stringOf(chat.id) ?? stringOf(message.chat_id) ?? null,
		messageId: stringOf(message.id) ?? stringOf(legacy.message_guid) ?? null,
		from: handleOf(message.sender_handle) ?? handleOf(legacy.from) ?? null,
		to: line ?? handleOf(legacy.to) ?? null,
		isGroup: typeof chat.is_group === 'boolean' ? chat.is_group : null,
		participants: Array.isArray(chat.handles) ? participantsOf(handles, line) : null,
		text: texts.length > 0 ? texts.join('\n') : (stringOf(legacy.text) ?? null),
		media: parts.filter((part) => part.type === 'media').map((part) => ({ ...part })),
	};
	// The shortcuts' keys first (as the editor lists them), with the shortcuts' values.
	return Object.assign({ ...shortcuts, ...envelope }, shortcuts);
}

/** The phone (or email) of a handle: `{ handle, … }` as Chert sends it, or a plain string. */
function handleOf(value: unknown): string | undefined {
	return isObject(value) ? stringOf(value.handle) : stringOf(value);
}

/** The chat's other members: every handle not marked `is_me` and not the line itself. */
function participantsOf(handles: unknown[], line: string | undefined): string[] {
	return handles
		.filter((entry) => !(isObject(entry) && entry.is_me === true))
		.map(handleOf)
		.filter((handle): handle is string => handle !== undefined && handle !== line);
}

/** Legacy top-level fields: on the envelope, or beside `data` under `payload`. */
function legacyFieldsOf(envelope: IDataObject): IDataObject {
	return { ...objectOf(envelope.payload), ...envelope };
}

/** The event's `data`, top level or nested under `payload`. */
export function eventData(envelope: IDataObject): IDataObject {
	if (isObject(envelope.data)) return envelope.data;
	const payload = objectOf(envelope.payload);
	return objectOf(payload.data);
}

/** The event's type: `event`, else `event_type`. */
export function eventTypeOf(envelope: IDataObject): string | undefined {
	return stringOf(envelope.event) ?? stringOf(envelope.event_type);
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOf(value: unknown): IDataObject {
	return isObject(value) ? value : {};
}

function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}
