import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import type { DeliveryLedger } from '../delivery/ledger';
import type { ChertErrorDetails } from '../transport/errors';
import type { EventsPage, EventsPageQuery } from '../transport/eventStream';

import { CATCH_UP_BOUND, catchUp, type CatchUpBound } from './catchUp';
import { laterOf, readEventRecord, type ChertEventRecord } from './eventRecord';
import { pause } from './pause';
import { reconnectDelayMs } from './reconnectDelay';
import { SseParser, type ServerSentEvent } from './sseParser';

/**
 * Chert returns events logged strictly after `since`, to the millisecond: another event of
 * the same millisecond as the last one handled would be skipped on resuming. Each resume asks
 * from this much earlier; what comes twice is recognised in the ledger.
 */
export const RESUME_OVERLAP_MS = 2000;

/** Chert sends a heartbeat every 15 s: two missed ones and some slack mean the connection is dead. */
export const SILENCE_LIMIT_MS = 2 * 15_000 + 10_000;

/** How the subscriber reaches Chert (the transport's openEventStream and listEventsPage, bound to a node). */
export interface EventStreamSource {
	open(since: string, signal: AbortSignal): Promise<AsyncIterable<Uint8Array | string>>;
	listPage(query: EventsPageQuery, signal: AbortSignal): Promise<EventsPage>;
}

export interface EventStreamSubscriberOptions {
	source: EventStreamSource;
	/** The node subscribing: its errors name it. */
	node: INode;
	/**
	 * Called once per event, oldest first; the next event waits for it. `at` is when Chert
	 * logged it: once `onEvent` returns, the subscription resumes after it.
	 */
	onEvent(envelope: IDataObject, at: string | undefined): void | Promise<void>;
	/** The subscription cannot go on (Chert refused the credential): it has stopped. */
	onFatal(error: Error): void;
	/** A failure the subscriber recovers from by itself, and how long it waits before trying again. */
	onRetry?(error: Error, retryInMs: number): void;
	/** `onEvent` threw: the event is released from the ledger and the subscription goes on. */
	onEventError?(error: Error, envelope: IDataObject): void;
	/** Catching up left events out (see CatchUpBound). */
	onSkipped?(reason: string): void;
	/** Each event_id is handed over once: across catch-up, reconnect overlaps and the stream. */
	ledger: DeliveryLedger;
	/** Whose events these are, in the ledger (e.g. the trigger node's id). */
	ledgerScope: string;
	/** ISO time: events logged after it are handed over, on the first connection. */
	startAt: string;
	/**
	 * Whether startAt is a fresh start (a first activation, a test run) rather than where an
	 * earlier subscription stopped: nothing before it is handed over, even within the overlap.
	 */
	freshStart?: boolean;
	silenceLimitMs?: number;
	catchUpBound?: CatchUpBound;
	/** Waits before reconnecting; replaceable so tests can record the waits instead of sitting through them. */
	pause?: (ms: number, signal: AbortSignal) => Promise<void>;
	random?: () => number;
}

/** How one connection ended. */
type ConnectionEnd =
	| 'close' // Chert's `event: close`: the stream's planned end
	| 'dropped' // the body ended or broke without it
	| 'silent' // nothing arrived for silenceLimitMs
	| 'stopped'; // close() was called

/**
 * Holds Chert's event stream (`GET /events/stream`) open for as long as it is wanted, and
 * hands each event to `onEvent` once. Chert ends the stream every 60 s (`event: close`): it
 * is reopened at once, resuming after the last event handled. Any other gap (a dropped or
 * silent connection, a failed request) is first filled from `GET /events` (see catchUp), then
 * the stream resumes after the newest event seen. Events that arrive twice because the two
 * overlap are recognised by their event_id in the ledger.
 *
 * Failures: a refused credential (401, 403) or another answer Chert marks as final stops the
 * subscription and reports it once (retrying cannot fix a wrong secret); 429 waits for
 * Chert's `retry_after`; server errors and unreachable servers are retried with backoff,
 * which starts again from 1 s once a connection opens. `close()` ends the connection and
 * nothing is requested after it.
 */
export class EventStreamSubscriber {
	private readonly stopper = new AbortController();
	private cursor: string;
	private running: Promise<void> | undefined;
	private readonly silenceLimitMs: number;
	private readonly catchUpBound: CatchUpBound;
	private readonly pause: (ms: number, signal: AbortSignal) => Promise<void>;
	private readonly random: () => number;

	constructor(private readonly options: EventStreamSubscriberOptions) {
		this.cursor = options.startAt;
		this.silenceLimitMs = options.silenceLimitMs ?? SILENCE_LIMIT_MS;
		this.catchUpBound = options.catchUpBound ?? CATCH_UP_BOUND;
		this.pause = options.pause ?? pause;
		this.random = options.random ?? Math.random;
	}

	/** Where the next connection resumes: the time of the last event handled (or the start time). */
	get resumeFrom(): string {
		return this.cursor;
	}

	/** The `since` asked for: a little before the cursor (RESUME_OVERLAP_MS), never before a fresh start. */
	private get since(): string {
		const cursor = Date.parse(this.cursor);
		if (Number.isNaN(cursor)) return this.cursor;
		const floor = this.options.freshStart ? Date.parse(this.options.startAt) : -Infinity;
		return new Date(Math.max(cursor - RESUME_OVERLAP_MS, floor)).toISOString();
	}

	/** Starts subscribing; the promise settles when the subscription has ended (close() or a fatal error). */
	start(): Promise<void> {
		this.running ??= this.run();
		return this.running;
	}

	/** Ends the connection (or the wait for the next one); resolves when nothing is left running. */
	async close(): Promise<void> {
		this.stopper.abort();
		await this.running;
	}

	private get stopped(): boolean {
		return this.stopper.signal.aborted;
	}

	private async run(): Promise<void> {
		let failures = 0;
		let gap = true;
		while (!this.stopped) {
			let failure: unknown;
			let end: ConnectionEnd = 'dropped';
			try {
				if (gap) await this.catchUp();
				const connection = await this.connect();
				end = connection.end;
				failure = connection.failure;
				// Backoff starts again only once Chert has sent something: a connection that opens
				// and ends before a single byte (a proxy that cuts at once, say) is a failure, or it
				// would be reopened in a tight loop.
				if (connection.receivedAnything) failures = 0;
				else if (end === 'dropped') failure ??= this.failure('Chert’s event stream ended before sending anything');
			} catch (error) {
				failure = error;
			}
			if (this.stopped) return;
			if (failure === undefined) {
				// A planned end loses nothing (the stream itself resumes after the cursor); any
				// other gap is filled from the events log first.
				gap = end !== 'close';
				continue;
			}
			const wait = retryDelayFor(failure, ++failures, this.random);
			if (wait === undefined) {
				this.stopper.abort();
				this.options.onFatal(failure as Error);
				return;
			}
			this.options.onRetry?.(failure as Error, wait);
			gap = true;
			await this.pause(wait, this.stopper.signal);
		}
	}

	private failure(message: string): NodeOperationError {
		return new NodeOperationError(this.options.node, message);
	}

	private async catchUp(): Promise<void> {
		const result = await catchUp(
			this.options.source.listPage,
			this.since,
			Date.now(),
			this.catchUpBound,
			this.stopper.signal,
		);
		if (result.skipped.beforeWindow) {
			this.options.onSkipped?.(
				`Events logged before ${new Date(Date.now() - this.catchUpBound.maxAgeMs).toISOString()} were not caught up (at most ${this.catchUpBound.maxAgeMs / 3_600_000} h back)`,
			);
		}
		if (result.skipped.beyondMaxEvents) {
			this.options.onSkipped?.(
				`More than ${this.catchUpBound.maxEvents} events were missed; only the newest ${this.catchUpBound.maxEvents} were caught up`,
			);
		}
		for (const event of result.events) {
			if (this.stopped) return;
			await this.handle(event);
		}
	}

	private async connect(): Promise<{ end: ConnectionEnd; receivedAnything: boolean; failure?: unknown }> {
		const connection = new AbortController();
		const stop = () => connection.abort();
		this.stopper.signal.addEventListener('abort', stop, { once: true });
		let lastHeard = Date.now();
		let silent = false;
		let receivedAnything = false;
		const watchdog = this.watch(connection.signal, () => lastHeard, () => {
			silent = true;
			connection.abort();
		});
		try {
			const opened = await this.options.source.open(this.since, connection.signal).then(
				(body) => ({ body }),
				(error: unknown) => ({ error }),
			);
			if (this.stopped) return { end: 'stopped', receivedAnything };
			if ('error' in opened) {
				const failure = silent ? this.failure('Chert’s event stream did not answer in time') : opened.error;
				return { end: 'dropped', receivedAnything, failure };
			}
			const body = opened.body;

			const pending: ServerSentEvent[] = [];
			const parser = new SseParser((event) => pending.push(event));
			const iterator = body[Symbol.asyncIterator]();
			const aborted = new Promise<'aborted'>((resolve) => {
				if (connection.signal.aborted) resolve('aborted');
				connection.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
			});
			try {
				for (;;) {
					const next = iterator.next();
					const step = await Promise.race([next, aborted]);
					if (step === 'aborted') {
						next.catch(() => {});
						break;
					}
					if (step.done) {
						parser.end();
						break;
					}
					receivedAnything = true;
					lastHeard = Date.now();
					parser.push(step.value);
					while (pending.length > 0) {
						const event = pending.shift() as ServerSentEvent;
						if (event.event === 'close') return { end: 'close', receivedAnything };
						if (event.event === 'message') await this.handleData(event.data);
						if (this.stopped) break;
					}
					lastHeard = Date.now();
				}
			} catch {
				// The body broke off: a dropped connection, unless it was ended on purpose.
				if (!connection.signal.aborted && !this.stopped) return { end: 'dropped', receivedAnything };
			} finally {
				// Releases the connection now: a Node stream's iterator would only act on return()
				// after the read still pending, which a silent server never completes.
				destroy(body);
				void Promise.resolve(iterator.return?.()).catch(() => {});
			}
			if (this.stopped) return { end: 'stopped', receivedAnything };
			return { end: silent ? 'silent' : 'dropped', receivedAnything };
		} finally {
			connection.abort();
			this.stopper.signal.removeEventListener('abort', stop);
			await watchdog;
		}
	}

	/** Calls `onSilent` once nothing has been heard for silenceLimitMs; ends with `signal`. */
	private async watch(signal: AbortSignal, lastHeard: () => number, onSilent: () => void): Promise<void> {
		const tick = Math.max(10, Math.min(1000, this.silenceLimitMs / 4));
		while (!signal.aborted) {
			await pause(tick, signal);
			if (!signal.aborted && Date.now() - lastHeard() > this.silenceLimitMs) {
				onSilent();
				return;
			}
		}
	}

	private async handleData(data: string): Promise<void> {
		let parsed: unknown;
		try {
			parsed = JSON.parse(data);
		} catch {
			// Not an event (Chert documents only JSON data lines): nothing to hand over.
			return;
		}
		const event = readEventRecord(parsed);
		if (event) await this.handle(event);
	}

	private async handle(event: ChertEventRecord): Promise<void> {
		const { ledger, ledgerScope } = this.options;
		if (event.eventId !== undefined && !(await ledger.claim(ledgerScope, event.eventId))) return;
		try {
			await this.options.onEvent(event.envelope, event.at);
		} catch (error) {
			// Not taken: a later overlap (or a replay) may hand it over again.
			if (event.eventId !== undefined) await ledger.release(ledgerScope, event.eventId);
			this.options.onEventError?.(error as Error, event.envelope);
			return;
		}
		this.cursor = laterOf(this.cursor, event.at) ?? this.cursor;
	}
}

/**
 * How long to wait before asking Chert again after `error` (the `failures`-th in a row), or
 * undefined when asking again cannot help: a refused credential (401, 403), or another
 * answer Chert does not mark as retryable.
 */
export function retryDelayFor(error: unknown, failures: number, random: () => number = Math.random): number | undefined {
	const backoff = reconnectDelayMs(failures, random);
	const details = chertDetailsOf(error);
	// No answer from Chert (unreachable, a timeout, a broken stream): try again.
	if (details === undefined) return backoff;
	const { httpStatus, retryAfter, retryable } = details;
	if (httpStatus === 401 || httpStatus === 403) return undefined;
	if (httpStatus === 429) return retryAfter !== undefined ? retryAfter * 1000 : backoff;
	if ((httpStatus >= 500 && httpStatus !== 501) || retryable === true) return backoff;
	return undefined;
}

/** Chert's answer to a failed request (see transport/errors.ts), if the error carries one. */
function chertDetailsOf(error: unknown): ChertErrorDetails | undefined {
	const chert = (error as { context?: { chert?: unknown } } | undefined)?.context?.chert;
	if (typeof chert !== 'object' || chert === null || !('httpStatus' in chert)) return undefined;
	return chert as ChertErrorDetails;
}

function destroy(body: unknown): void {
	const stream = body as { destroy?: unknown; destroyed?: boolean };
	if (typeof stream.destroy === 'function' && stream.destroyed !== true) (stream.destroy as () => void).call(stream);
}
