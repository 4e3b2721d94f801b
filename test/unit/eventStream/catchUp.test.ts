import { catchUp } from '../../../nodes/shared/eventStream/catchUp';
import { readEventRecord } from '../../../nodes/shared/eventStream/eventRecord';
import { FakeEventSource, envelope, row } from '../../helpers/fake-event-source';

const NOW = Date.parse('2026-11-29T12:00:00.000Z');
const hoursAgo = (hours: number, second = 0) => new Date(NOW - hours * 3_600_000 + second * 1000).toISOString();
const signal = new AbortController().signal;

describe('catchUp', () => {
	it('follows next_cursor to the end and answers oldest first, whatever order Chert lists them in', async () => {
		const source = new FakeEventSource();
		// Newest first, as the sandbox lists them; 450 rows: three pages.
		source.rows = Array.from({ length: 450 }, (_, i) => row(`e${449 - i}`, hoursAgo(1, 449 - i)));
		const result = await catchUp(source.listPage, hoursAgo(2), NOW, { maxAgeMs: 24 * 3_600_000, maxEvents: 1000 }, signal);
		expect(source.pages.map((page) => page.cursor)).toEqual([undefined, '200', '400']);
		expect(source.pages.every((page) => page.limit === 200 && page.since === hoursAgo(2))).toBe(true);
		expect(result.events.map((event) => event.eventId)).toEqual(Array.from({ length: 450 }, (_, i) => `e${i}`));
		expect(result.skipped).toEqual({ beforeWindow: false, beyondMaxEvents: false });
	});

	it('keeps events of the same millisecond in the order they happened, in a log listed either way', async () => {
		const newestFirst = new FakeEventSource();
		newestFirst.rows = [row('e4', hoursAgo(1, 2)), row('e3', hoursAgo(1, 1)), row('e2', hoursAgo(1, 1)), row('e1', hoursAgo(1))];
		const oldestFirst = new FakeEventSource();
		oldestFirst.rows = [...newestFirst.rows].reverse();
		for (const source of [newestFirst, oldestFirst]) {
			const result = await catchUp(source.listPage, hoursAgo(2), NOW, { maxAgeMs: 24 * 3_600_000, maxEvents: 1000 }, signal);
			expect(result.events.map((event) => event.eventId)).toEqual(['e1', 'e2', 'e3', 'e4']);
		}
	});

	it('reaches back no further than the window', async () => {
		const source = new FakeEventSource();
		source.rows = [row('old', hoursAgo(30)), row('recent', hoursAgo(23))];
		const result = await catchUp(source.listPage, hoursAgo(48), NOW, { maxAgeMs: 24 * 3_600_000, maxEvents: 1000 }, signal);
		expect(source.pages[0].since).toBe(hoursAgo(24));
		expect(result.events.map((event) => event.eventId)).toEqual(['recent']);
		expect(result.skipped.beforeWindow).toBe(true);
	});

	it('stops paging at maxEvents and keeps the newest of them', async () => {
		const source = new FakeEventSource();
		source.rows = Array.from({ length: 500 }, (_, i) => row(`e${i}`, hoursAgo(1, i)));
		const result = await catchUp(source.listPage, hoursAgo(2), NOW, { maxAgeMs: 24 * 3_600_000, maxEvents: 250 }, signal);
		expect(source.pages).toHaveLength(2);
		expect(result.events).toHaveLength(250);
		expect(result.events[0].eventId).toBe('e150');
		expect(result.events.at(-1)?.eventId).toBe('e399');
		expect(result.skipped.beyondMaxEvents).toBe(true);
	});
});

describe('readEventRecord', () => {
	it('reads an events row: its payload, event_id and created_at', () => {
		expect(readEventRecord(row('e1', '2026-01-01T00:00:01.000Z'))).toEqual({
			envelope: envelope('e1', '2026-01-01T00:00:01.000Z'),
			eventId: 'e1',
			at: '2026-01-01T00:00:01.000Z',
		});
	});

	it('reads a bare envelope, and a legacy one that nests its data under payload', () => {
		expect(readEventRecord(envelope('e2', '2026-01-01T00:00:02.000Z'))).toMatchObject({ eventId: 'e2', at: '2026-01-01T00:00:02.000Z' });
		const legacy = { event: 'message.received', event_id: 'e3', timestamp: 't', payload: { data: {} } };
		expect(readEventRecord(legacy)?.envelope).toBe(legacy);
	});

	it('reads nothing from a value that is not an object', () => {
		expect(readEventRecord([1])).toBeUndefined();
		expect(readEventRecord('x')).toBeUndefined();
	});
});
