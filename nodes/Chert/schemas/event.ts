import { z } from 'zod';

import { choice, idOf, optionalText } from './fields';
import { EVENTS_PAGE_LIMIT } from './limits';

/** Delivery statuses Chert filters events by; the UI's dropdown and the check read this table. */
export const EVENT_STATUSES = {
	delivered: { name: 'Delivered', description: 'Your endpoint answered with a 2xx' },
	dev_inbox: { name: 'Dev Inbox', description: 'Recorded for the dev inbox, not POSTed anywhere' },
	failed: { name: 'Failed', description: 'Chert gave up delivering it' },
	pending: { name: 'Pending', description: 'Not delivered yet (Chert may still be retrying)' },
} as const;

export type EventStatus = keyof typeof EVENT_STATUSES;
export const eventStatusValues = Object.keys(EVENT_STATUSES) as [EventStatus, ...EventStatus[]];

export const eventId = idOf('use the eventId of an item from Event → List (Chert’s evt_… id, not the payload’s event_id)');

// ISO 8601 date, optionally with a time and a zone; Chert compares created_at > since.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date from the date picker (a string) or an expression (a JS Date or a Luxon DateTime). */
const isoDate = z.preprocess(
	(value) => {
		if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
		const toISO = (value as { toISO?: () => unknown } | null)?.toISO;
		return typeof toISO === 'function' ? toISO.call(value) : value;
	},
	z
		.string()
		.trim()
		.refine(
			(value) => ISO_8601.test(value) && !Number.isNaN(Date.parse(value)),
			'must be an ISO 8601 date and time, e.g. 2026-05-01T09:00:00Z',
		),
);

const pageLimit = z
	.number({ invalid_type_error: 'must be a number' })
	.int('must be a whole number')
	.min(1, 'must be at least 1')
	.max(EVENTS_PAGE_LIMIT, `can be at most ${EVENTS_PAGE_LIMIT} (Chert's page size): turn on Return All for more`);

/** `GET /events`: the query of one page; Return All follows next_cursor with the largest page. */
export const listEventsRequest = z
	.object({
		qs: z
			.object({
				type: optionalText,
				status: choice(eventStatusValues).optional(),
				lead_id: optionalText,
				since: isoDate.optional(),
				limit: pageLimit,
			})
			.strict(),
	})
	.strict();

/** `GET /events/{id}`. */
export const getEventRequest = z.object({ eventId }).strict();

/** `POST /events/{id}/replay[?subscription_id=]`: not idempotent (each replay is a new delivery). */
export const replayEventRequest = z
	.object({ eventId, qs: z.object({ subscription_id: optionalText }).strict() })
	.strict();
