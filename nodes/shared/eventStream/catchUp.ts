import type { EventsPage, EventsPageQuery } from '../transport/eventStream';

import { readEventRecord, type ChertEventRecord } from './eventRecord';

/**
 * How far back catching up reaches. A trigger that was down for days should not start
 * hundreds of runs for texts long answered by someone else, and one gap must not hold the
 * stream back for minutes of paging: older events than this, or more than this many, are
 * skipped (and reported). 1000 is also how many event ids the trigger's ledgers remember,
 * so every event handed over can still be recognised if it comes again.
 */
export interface CatchUpBound {
	maxAgeMs: number;
	maxEvents: number;
}

export const CATCH_UP_BOUND: CatchUpBound = { maxAgeMs: 24 * 60 * 60 * 1000, maxEvents: 1000 };

/** Chert's largest page. */
export const PAGE_SIZE = 200;

export interface CatchUpResult {
	/** Oldest first. */
	events: ChertEventRecord[];
	/** Why events may be missing: `since` lay before the window, or there were more than `maxEvents`. */
	skipped: { beforeWindow: boolean; beyondMaxEvents: boolean };
}

/**
 * The events Chert logged after `since` (`GET /events`, following `next_cursor`), within
 * `bound`, oldest first. Chert's docs do not say in which order `/events` lists rows, so
 * they are sorted here by `created_at`; when there are more than `maxEvents`, the newest are kept, as the
 * stream resumes after the newest one seen anyway.
 */
export async function catchUp(
	listPage: (query: EventsPageQuery, signal: AbortSignal) => Promise<EventsPage>,
	since: string,
	now: number,
	bound: CatchUpBound,
	signal: AbortSignal,
): Promise<CatchUpResult> {
	const windowStart = now - bound.maxAgeMs;
	const sinceMs = Date.parse(since);
	const beforeWindow = Number.isNaN(sinceMs) || sinceMs < windowStart;
	const from = beforeWindow ? new Date(windowStart).toISOString() : since;

	const events: ChertEventRecord[] = [];
	let cursor: string | undefined;
	let beyondMaxEvents = false;
	do {
		const page = await listPage({ since: from, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, signal);
		for (const row of page.events) {
			const event = readEventRecord(row);
			if (event) events.push(event);
		}
		cursor = page.nextCursor ?? undefined;
		if (cursor !== undefined && events.length >= bound.maxEvents) {
			beyondMaxEvents = true;
			break;
		}
	} while (cursor !== undefined && !signal.aborted);

	// Events of the same millisecond keep Chert's order, read the right way round: a log
	// listed newest first is turned over before sorting.
	const times = events.map(timeOf).filter((time) => time !== Number.MAX_SAFE_INTEGER);
	if (times.length > 1 && times[0] > times[times.length - 1]) events.reverse();
	const ordered = events
		.map((event, index) => ({ event, index, at: timeOf(event) }))
		.sort((a, b) => a.at - b.at || a.index - b.index)
		.map(({ event }) => event);
	if (ordered.length > bound.maxEvents) beyondMaxEvents = true;
	return { events: ordered.slice(-bound.maxEvents), skipped: { beforeWindow, beyondMaxEvents } };
}

/** Events without a readable time go last, in the order Chert gave them. */
function timeOf(event: ChertEventRecord): number {
	const at = event.at === undefined ? NaN : Date.parse(event.at);
	return Number.isNaN(at) ? Number.MAX_SAFE_INTEGER : at;
}
