import type { IDataObject, INode } from 'n8n-workflow';

import type { EventStreamSource } from '../../nodes/shared/eventStream/subscriber';
import { chertApiError, readChertError } from '../../nodes/shared/transport/errors';
import type { EventsPage, EventsPageQuery } from '../../nodes/shared/transport/eventStream';

export const TEST_NODE: INode = {
	id: 'node-1',
	name: 'Chert Trigger',
	type: 'n8n-nodes-chert.chertTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The transport's error for a Chert answer, as openEventStream throws it. */
export function chertAnswer(status: number, body: unknown = {}, headers: Record<string, string> = {}): Error {
	return chertApiError(TEST_NODE, readChertError(status, body, headers));
}

/** The transport's error for a request that got no answer (networkFailureCode reads `code`). */
export function networkFailure(code = 'ECONNREFUSED'): Error {
	return Object.assign(new Error(`connect ${code}`), { code });
}

/** One open stream: the test writes to it, ends it, or breaks it; the subscriber reads it. */
export class FakeConnection implements AsyncIterable<string> {
	private readonly queue: Array<{ chunk?: string; end?: true; error?: Error }> = [];
	private wake: (() => void) | undefined;

	constructor(
		readonly since: string,
		readonly signal: AbortSignal,
	) {
		signal.addEventListener('abort', () => this.wake?.());
	}

	write(chunk: string): this {
		return this.enqueue({ chunk });
	}

	/** `data:` of one event, as Chert sends it. */
	event(value: unknown): this {
		return this.write(`data: ${JSON.stringify(value)}\n\n`);
	}

	close(): this {
		return this.write('event: close\ndata: {}\n\n');
	}

	end(): this {
		return this.enqueue({ end: true });
	}

	drop(): this {
		return this.enqueue({ error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
	}

	async *[Symbol.asyncIterator](): AsyncIterator<string> {
		for (;;) {
			if (this.signal.aborted) throw new Error('aborted');
			const next = this.queue.shift();
			if (next === undefined) {
				await new Promise<void>((resolve) => (this.wake = resolve));
				continue;
			}
			if (next.end) return;
			if (next.error) throw next.error;
			yield next.chunk as string;
		}
	}

	private enqueue(entry: { chunk?: string; end?: true; error?: Error }): this {
		this.queue.push(entry);
		this.wake?.();
		return this;
	}
}

type OpenAnswer = FakeConnection | Error;

/**
 * A fake of the transport: each `open` takes the next scripted answer (a connection the test
 * drives, or an error to throw); `listPage` answers from a list of rows.
 */
export class FakeEventSource implements EventStreamSource {
	readonly opened: FakeConnection[] = [];
	readonly opens: string[] = [];
	readonly pages: EventsPageQuery[] = [];
	rows: IDataObject[] = [];
	pageErrors: Error[] = [];
	private readonly script: Array<(since: string, signal: AbortSignal) => OpenAnswer> = [];

	/** The next open answers with a connection; resolves when the subscriber has opened it. */
	nextConnection(): Promise<FakeConnection> {
		return new Promise((resolve) => {
			this.script.push((since, signal) => {
				const connection = new FakeConnection(since, signal);
				resolve(connection);
				return connection;
			});
		});
	}

	/** The next open fails with `error`. */
	failNext(error: Error): void {
		this.script.push(() => error);
	}

	open = async (since: string, signal: AbortSignal): Promise<AsyncIterable<string>> => {
		this.opens.push(since);
		let step = this.script.shift();
		if (step === undefined) {
			// Unscripted: hangs until aborted, like a server that never answers.
			await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
			throw new Error('aborted');
		}
		const answer = step(since, signal);
		step = undefined;
		if (answer instanceof Error) throw answer;
		this.opened.push(answer);
		return answer;
	};

	listPage = async (query: EventsPageQuery): Promise<EventsPage> => {
		this.pages.push(query);
		const error = this.pageErrors.shift();
		if (error) throw error;
		const after = this.rows.filter((row) => Date.parse(row.created_at as string) > Date.parse(query.since));
		const offset = query.cursor ? Number(query.cursor) : 0;
		const events = after.slice(offset, offset + query.limit);
		const next = offset + query.limit;
		return { events, nextCursor: next < after.length ? String(next) : null };
	};
}

/** An envelope as Chert's webhook delivers it. */
export function envelope(eventId: string, timestamp: string, text = eventId): IDataObject {
	return {
		event: 'message.received',
		event_id: eventId,
		timestamp,
		data: { message: { id: `m-${eventId}`, parts: [{ type: 'text', value: text }] } },
	};
}

/** A row of GET /events holding that envelope. */
export function row(eventId: string, createdAt: string): IDataObject {
	return { id: `evt_${eventId}`, type: 'message.received', event_id: eventId, payload: envelope(eventId, createdAt), created_at: createdAt };
}

/** Resolves once `condition` holds (checked every few ms), or fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
