import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../common';

/**
 * An event row as Chert gives it, with its id on top as `eventId` for Event → Get and
 * Replay. That is the row's `id` (evt_…), not the `event_id` of the webhook envelope.
 */
export function eventOutput(row: IDataObject): IDataObject {
	return row.id === undefined || row.id === null || row.id === '' ? { ...row } : { eventId: row.id, ...row };
}

/** The rows of a `GET /events` page. */
export function eventRowsOf(response: Record<string, unknown>): IDataObject[] {
	const events = response.events;
	return Array.isArray(events) ? events.map(asObject).filter((row) => row !== undefined) : [];
}
