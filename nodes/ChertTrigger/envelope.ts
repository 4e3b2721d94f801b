import type { IDataObject } from 'n8n-workflow';

/**
 * What the workflow gets for one delivery: Chert's envelope as it came, plus, on top, the
 * fields a workflow reaches for first. Chert sends the event's `data` at the top level or
 * (some deliveries) as `payload.data`: both are read.
 */
export function triggerOutput(envelope: IDataObject): IDataObject {
	const data = eventData(envelope);
	const chat = objectOf(data.chat);
	const message = objectOf(data.message);
	const parts = Array.isArray(message.parts) ? message.parts.filter(isObject) : [];
	const texts = parts
		.filter((part) => part.type === 'text' && typeof part.value === 'string')
		.map((part) => part.value as string);
	return {
		chatId: stringOf(chat.id) ?? stringOf(message.chat_id) ?? null,
		messageId: stringOf(message.id) ?? null,
		from: stringOf(message.sender_handle) ?? null,
		text: texts.length > 0 ? texts.join('\n') : null,
		media: parts.filter((part) => part.type === 'media').map((part) => ({ ...part })),
		...envelope,
	};
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
