import type { IDataObject } from 'n8n-workflow';

import { InMemoryDeliveryLedger } from '../../../nodes/shared/delivery/ledger';
import {
	EventStreamSubscriber,
	RESUME_OVERLAP_MS,
	type EventStreamSubscriberOptions,
} from '../../../nodes/shared/eventStream/subscriber';
import {
	FakeEventSource,
	TEST_NODE,
	chertAnswer,
	envelope,
	networkFailure,
	row,
	until,
} from '../../helpers/fake-event-source';

const START = '2026-11-29T10:00:00.000Z';
const at = (second: number) => new Date(Date.parse(START) + second * 1000).toISOString();
/** The `since` of a resume after the event at `time`: a little earlier, so same-millisecond events are not skipped. */
const resumeAfter = (time: string) => new Date(Date.parse(time) - RESUME_OVERLAP_MS).toISOString();

function subscriberWith(source: FakeEventSource, options: Partial<EventStreamSubscriberOptions> = {}) {
	const received: IDataObject[] = [];
	const fatal: Error[] = [];
	const waits: number[] = [];
	const subscriber = new EventStreamSubscriber({
		source,
		node: TEST_NODE,
		ledger: new InMemoryDeliveryLedger(),
		ledgerScope: 'node-1',
		startAt: START,
		onEvent: (event) => {
			received.push(event);
		},
		onFatal: (error) => fatal.push(error),
		// Waits are recorded, not sat through.
		pause: async (ms) => {
			waits.push(ms);
		},
		random: () => 1,
		...options,
	});
	const ids = () => received.map((event) => event.event_id);
	return { subscriber, received, ids, fatal, waits };
}

describe('EventStreamSubscriber', () => {
	let source: FakeEventSource;
	let running: EventStreamSubscriber | undefined;

	beforeEach(() => {
		source = new FakeEventSource();
	});
	afterEach(async () => {
		await running?.close();
		running = undefined;
	});

	it('hands each data event over, ignores heartbeats, and accepts envelopes and events rows', async () => {
		const { subscriber, received, ids } = subscriberWith(source);
		running = subscriber;
		const first = source.nextConnection();
		void subscriber.start();
		const connection = await first;
		expect(connection.since).toBe(resumeAfter(START));
		connection.write(': heartbeat\n\n').event(envelope('e1', at(1))).event(row('e2', at(2)));
		await until(() => received.length === 2);
		expect(ids()).toEqual(['e1', 'e2']);
		// A row's payload is what is handed over, as a webhook would deliver it.
		expect(received[1]).toEqual(envelope('e2', at(2)));
		// Catch-up ran once, from the start time, before the first connection.
		expect(source.pages).toEqual([{ since: resumeAfter(START), limit: 200 }]);
	});

	it('reopens at once after event: close, resuming after the last event, without catching up', async () => {
		const { subscriber, ids, waits } = subscriberWith(source);
		running = subscriber;
		const first = source.nextConnection();
		const second = source.nextConnection();
		void subscriber.start();
		(await first).event(envelope('e1', at(1))).event(envelope('e2', at(2))).close();
		const reopened = await second;
		expect(reopened.since).toBe(resumeAfter(at(2)));
		reopened.event(envelope('e2', at(2))).event(envelope('e3', at(3)));
		await until(() => ids().length === 3);
		expect(ids()).toEqual(['e1', 'e2', 'e3']);
		expect(waits).toEqual([]);
		expect(source.pages).toHaveLength(1);
	});

	it('after a drop, fills the gap from /events and hands every event over once', async () => {
		const { subscriber, ids, waits } = subscriberWith(source);
		running = subscriber;
		const first = source.nextConnection();
		const second = source.nextConnection();
		void subscriber.start();
		(await first).event(envelope('e1', at(1))).drop();
		// Logged while the connection was down; e1 is in the log too.
		source.rows = [row('e1', at(1)), row('e3', at(3)), row('e2', at(2))];
		const reopened = await second;
		expect(source.pages.at(-1)).toEqual({ since: resumeAfter(at(1)), limit: 200 });
		// The stream resumes after the newest event caught up, and overlaps it.
		expect(reopened.since).toBe(resumeAfter(at(3)));
		reopened.event(envelope('e3', at(3))).event(envelope('e4', at(4)));
		await until(() => ids().length === 4);
		expect(ids()).toEqual(['e1', 'e2', 'e3', 'e4']);
		expect(waits).toEqual([]);
	});

	it('does not skip an event logged in the same millisecond as the last one handled', async () => {
		const { subscriber, ids } = subscriberWith(source);
		running = subscriber;
		const first = source.nextConnection();
		const second = source.nextConnection();
		void subscriber.start();
		(await first).event(envelope('e1', at(1))).drop();
		// e2 shares e1's millisecond; Chert answers `created_at > since`.
		source.rows = [row('e1', at(1)), row('e2', at(1))];
		await second;
		await until(() => ids().length === 2);
		expect(ids()).toEqual(['e1', 'e2']);
	});

	it('never reaches back before a fresh start (a first activation, a test run)', async () => {
		const { subscriber } = subscriberWith(source, { freshStart: true });
		running = subscriber;
		const first = source.nextConnection();
		void subscriber.start();
		expect((await first).since).toBe(START);
		expect(source.pages).toEqual([{ since: START, limit: 200 }]);
	});

	it('replaces a silent connection', async () => {
		const { subscriber, ids } = subscriberWith(source, { silenceLimitMs: 80 });
		running = subscriber;
		const first = source.nextConnection();
		const second = source.nextConnection();
		void subscriber.start();
		const silent = await first;
		silent.event(envelope('e1', at(1)));
		const replacement = await second;
		expect(silent.signal.aborted).toBe(true);
		expect(replacement.since).toBe(resumeAfter(at(1)));
		replacement.event(envelope('e2', at(2)));
		await until(() => ids().length === 2);
	});

	it('keeps a connection that only sends heartbeats', async () => {
		const { subscriber } = subscriberWith(source, { silenceLimitMs: 400 });
		running = subscriber;
		const first = source.nextConnection();
		void subscriber.start();
		const connection = await first;
		for (let i = 0; i < 12; i++) {
			connection.write(': keep-alive\n\n');
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
		expect(connection.signal.aborted).toBe(false);
		expect(source.opens).toHaveLength(1);
	});

	it('stops on 401 with Chert’s error and its hint, and never asks again', async () => {
		const { subscriber, fatal } = subscriberWith(source);
		source.failNext(
			chertAnswer(401, { success: false, error: { status: 401, code: 2004, message: 'Authentication failed', retryable: false } }),
		);
		source.nextConnection();
		await subscriber.start();
		expect(fatal).toHaveLength(1);
		expect(fatal[0].message).toBe('Authentication failed (Chert error 2004)');
		expect((fatal[0] as { description?: string }).description).toContain('signing secret');
		expect(source.opens).toHaveLength(1);
	});

	it('stops on 403 as well', async () => {
		const { subscriber, fatal } = subscriberWith(source);
		source.failNext(chertAnswer(403, { error: { status: 403, code: 2005, message: 'Forbidden' } }));
		await subscriber.start();
		expect(fatal).toHaveLength(1);
		expect(source.opens).toHaveLength(1);
	});

	it('waits out retry_after on 429 (body or Retry-After header)', async () => {
		const { subscriber, waits } = subscriberWith(source);
		running = subscriber;
		source.failNext(chertAnswer(429, { error: { status: 429, code: 1007, message: 'Slow down', retry_after: 7 } }));
		source.failNext(chertAnswer(429, 'Too Many Requests', { 'retry-after': '3' }));
		const third = source.nextConnection();
		void subscriber.start();
		await third;
		expect(waits).toEqual([7000, 3000]);
	});

	it('backs off from 1 s doubling to 60 s on server errors and network failures, and starts again after a connection', async () => {
		const { subscriber, waits } = subscriberWith(source);
		running = subscriber;
		for (let i = 0; i < 4; i++) source.failNext(chertAnswer(503, { error: { status: 503, code: 3003, message: 'Unavailable' } }));
		for (let i = 0; i < 4; i++) source.failNext(networkFailure());
		const good = source.nextConnection();
		source.failNext(chertAnswer(500, {}));
		const after = source.nextConnection();
		void subscriber.start();
		(await good).write(': hi\n\n').drop();
		await after;
		// random() = 1: the top of each range.
		expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 1000]);
	});

	it('draws each backoff at random from the upper half of its range', async () => {
		const { subscriber, waits } = subscriberWith(source, { random: () => 0 });
		running = subscriber;
		source.failNext(networkFailure());
		source.failNext(networkFailure());
		const good = source.nextConnection();
		void subscriber.start();
		await good;
		expect(waits).toEqual([500, 1000]);
	});

	it('backs off when a connection opens and ends without a byte', async () => {
		const { subscriber, waits } = subscriberWith(source);
		running = subscriber;
		const empty1 = source.nextConnection();
		const empty2 = source.nextConnection();
		const third = source.nextConnection();
		void subscriber.start();
		(await empty1).end();
		(await empty2).end();
		await third;
		expect(waits).toEqual([1000, 2000]);
	});

	it('retries a failed catch-up', async () => {
		const { subscriber, waits, ids } = subscriberWith(source);
		running = subscriber;
		source.pageErrors = [chertAnswer(502, {})];
		source.rows = [row('e1', at(1))];
		const first = source.nextConnection();
		void subscriber.start();
		await first;
		expect(waits).toEqual([1000]);
		expect(ids()).toEqual(['e1']);
	});

	it('close() ends the open connection and asks for nothing more', async () => {
		const { subscriber } = subscriberWith(source);
		const first = source.nextConnection();
		const started = subscriber.start();
		const connection = await first;
		await subscriber.close();
		await started;
		expect(connection.signal.aborted).toBe(true);
		const requests = source.opens.length + source.pages.length;
		source.nextConnection();
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(source.opens.length + source.pages.length).toBe(requests);
	});

	it('close() during a backoff ends the wait and asks for nothing more', async () => {
		const source2 = new FakeEventSource();
		const subscriber = new EventStreamSubscriber({
			source: source2,
			node: TEST_NODE,
			ledger: new InMemoryDeliveryLedger(),
			ledgerScope: 'n',
			startAt: START,
			onEvent: () => {},
			onFatal: () => {},
		});
		source2.failNext(networkFailure());
		const started = subscriber.start();
		await until(() => source2.opens.length === 1);
		const closedAt = Date.now();
		await subscriber.close();
		await started;
		// The real wait (≥ 500 ms) was cut short.
		expect(Date.now() - closedAt).toBeLessThan(400);
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(source2.opens).toHaveLength(1);
	});

	it('releases an event whose onEvent failed, so an overlap hands it over again', async () => {
		let failOnce = true;
		const failures: Error[] = [];
		const { subscriber } = subscriberWith(source, {
			onEvent: (event) => {
				if (failOnce) {
					failOnce = false;
					throw new Error('workflow not ready');
				}
				handled.push(event.event_id as string);
			},
			onEventError: (error) => failures.push(error),
		});
		const handled: string[] = [];
		running = subscriber;
		const first = source.nextConnection();
		void subscriber.start();
		(await first).event(envelope('e1', at(1))).event(envelope('e1', at(1)));
		await until(() => handled.length === 1);
		expect(handled).toEqual(['e1']);
		expect(failures.map((error) => error.message)).toEqual(['workflow not ready']);
	});
});
