import { DateTime } from 'luxon';

import { eventStatusValues, getEventRequest, listEventsRequest, replayEventRequest } from '../../../nodes/Chert/schemas/event';
import { EVENTS_PAGE_LIMIT } from '../../../nodes/Chert/schemas/limits';

function issuesOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ path: Array<string | number>; message: string }> } } }, input: unknown) {
	const result = schema.safeParse(input);
	return result.success ? [] : (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

const page = (qs: Record<string, unknown>) => ({ qs: { limit: 50, ...qs } });

describe('listEventsRequest (GET /events)', () => {
	it('lists exactly the statuses Chert documents', () => {
		expect([...eventStatusValues].sort()).toEqual(['delivered', 'dev_inbox', 'failed', 'pending']);
	});

	it('passes the filters on as Chert names them', () => {
		expect(listEventsRequest.parse(page({ type: 'message.received', status: 'failed', lead_id: 'ld_1', since: '2026-05-01T09:00:00Z' }))).toEqual(
			page({ type: 'message.received', status: 'failed', lead_id: 'ld_1', since: '2026-05-01T09:00:00Z' }),
		);
	});

	it.each([1, EVENTS_PAGE_LIMIT])('accepts a limit of %p', (limit) => {
		expect(issuesOf(listEventsRequest, page({ limit }))).toEqual([]);
	});

	it.each([0, EVENTS_PAGE_LIMIT + 1, 2.5])('refuses a limit of %p', (limit) => {
		expect(issuesOf(listEventsRequest, page({ limit })).map((i) => i.path)).toEqual(['qs.limit']);
	});

	it.each(['2026-05-01', '2026-05-01T09:00', '2026-05-01T09:00:00.123+02:00'])('accepts the ISO 8601 date %p', (since) => {
		expect(listEventsRequest.parse(page({ since })).qs.since).toBe(since);
	});

	it('takes a Date or a Luxon DateTime from an expression as ISO 8601', () => {
		expect(listEventsRequest.parse(page({ since: new Date('2026-05-01T09:00:00Z') })).qs.since).toBe('2026-05-01T09:00:00.000Z');
		const luxon = DateTime.fromISO('2026-05-01T09:00:00.000Z', { zone: 'utc' });
		expect(listEventsRequest.parse(page({ since: luxon })).qs.since).toBe('2026-05-01T09:00:00.000Z');
	});

	it.each(['yesterday', '05/01/2026', '2026-13-45T00:00:00Z'])('refuses the date %p', (since) => {
		expect(issuesOf(listEventsRequest, page({ since }))).toEqual([{ path: 'qs.since', message: expect.stringContaining('ISO 8601') }]);
	});

	it('refuses an unknown status, listing the valid ones', () => {
		expect(issuesOf(listEventsRequest, page({ status: 'lost' }))).toEqual([
			{ path: 'qs.status', message: 'must be one of: delivered, dev_inbox, failed, pending' },
		]);
	});
});

describe('getEventRequest and replayEventRequest', () => {
	it('need an event id', () => {
		expect(issuesOf(getEventRequest, { eventId: '' }).map((i) => i.path)).toEqual(['eventId']);
		expect(getEventRequest.parse({ eventId: ' evt_1 ' })).toEqual({ eventId: 'evt_1' });
	});

	it('replay takes an optional subscription id, never blank', () => {
		expect(replayEventRequest.parse({ eventId: 'evt_1', qs: {} })).toEqual({ eventId: 'evt_1', qs: {} });
		expect(replayEventRequest.parse({ eventId: 'evt_1', qs: { subscription_id: 's1' } }).qs).toEqual({ subscription_id: 's1' });
		expect(issuesOf(replayEventRequest, { eventId: 'evt_1', qs: { subscription_id: ' ' } }).map((i) => i.path)).toEqual(['qs.subscription_id']);
	});
});
