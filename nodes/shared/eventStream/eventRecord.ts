import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../delivery/envelope';

/** One Chert event as the subscriber handles it, whichever way it came. */
export interface ChertEventRecord {
	/** What a webhook delivery of the event would carry: the trigger's input. */
	envelope: IDataObject;
	/** The dedupe key (`event_id`); undefined when Chert gave none. */
	eventId?: string;
	/** When Chert logged the event (`created_at` of a row, else the envelope's `timestamp`): the resume point. */
	at?: string;
}

/**
 * Reads an event of `GET /events` or of the stream. Chert's docs show the stream's `data:`
 * only as "data lines", so both shapes are accepted: an events row `{ id, type, event_id,
 * payload: <envelope>, created_at }`, or the envelope itself. A row is told apart by having
 * a `payload` and no `event` of its own (a legacy envelope that nests its `data` under
 * `payload` still names its `event`).
 */
export function readEventRecord(value: unknown): ChertEventRecord | undefined {
	if (!isObject(value)) return undefined;
	const isRow = isObject(value.payload) && value.event === undefined && value.event_type === undefined;
	const envelope = isRow ? (value.payload as IDataObject) : value;
	return {
		envelope,
		eventId: stringOf(envelope.event_id) ?? stringOf(value.event_id) ?? (isRow ? stringOf(value.id) : undefined),
		at: (isRow ? stringOf(value.created_at) : undefined) ?? stringOf(envelope.timestamp) ?? stringOf(value.created_at),
	};
}

/** The later of two ISO times (either may be missing or unreadable). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
	const ta = a === undefined ? NaN : Date.parse(a);
	const tb = b === undefined ? NaN : Date.parse(b);
	if (Number.isNaN(tb)) return a;
	if (Number.isNaN(ta)) return b;
	return tb > ta ? b : a;
}

function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}
