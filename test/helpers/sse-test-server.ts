/**
 * A small HTTP server that speaks Chert's documented event stream and events log, from the
 * docs alone (chert-api.md, Events): `GET /api/v1/events/stream?since=<iso>` answers
 * `text/event-stream` with one `data:` line per event logged since `since`, then each new
 * one as it is published, heartbeat comments, and `event: close` when its life is over;
 * `GET /api/v1/events?since&limit&cursor` answers `{ events, next_cursor, count }` rows,
 * newest first (the docs give no order). Both check the Chert credential (Bearer, or an HMAC
 * signature over the empty body). A test scripts what the next stream requests meet: an
 * error answer, a drop after some events, or silence.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoggedEvent {
	envelope: Record<string, unknown>;
	created_at: string;
}

/** What one stream request meets instead of a normal stream. */
export type StreamScript =
	| { answer: number; body?: unknown; headers?: Record<string, string> }
	| { dropAfterEvents: number }
	| { silent: true }
	/** Sends the events after `since`, then nothing more: not even heartbeats. */
	| { silentAfterEvents: true };

export interface SseTestServerOptions {
	secret: string;
	heartbeatMs?: number;
	/** How long a stream lives before `event: close` (Chert: 60 s). */
	lifetimeMs?: number;
}

export interface StreamRequest {
	/** Date.now() when it arrived. */
	at: number;
	since: string | null;
	authorized: boolean;
	status: number;
}

export class SseTestServer {
	readonly log: LoggedEvent[] = [];
	readonly streamRequests: StreamRequest[] = [];
	readonly listRequests: Array<{ since: string | null; cursor: string | null; limit: string | null }> = [];
	private readonly scripts: StreamScript[] = [];
	private readonly live = new Set<(event: LoggedEvent) => void>();
	private readonly sockets = new Set<Socket>();
	private readonly openStreamSockets = new Set<Socket>();
	private readonly server: http.Server;
	private clockMs = Date.parse('2026-11-29T10:00:00.000Z');

	private constructor(private readonly options: Required<SseTestServerOptions>) {
		this.server = http.createServer((req, res) => this.route(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => {
				this.sockets.delete(socket);
				this.openStreamSockets.delete(socket);
			});
		});
	}

	static async start(options: SseTestServerOptions): Promise<SseTestServer> {
		const server = new SseTestServer({ heartbeatMs: 15_000, lifetimeMs: 60_000, ...options });
		await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
		return server;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** Streams the server is holding open right now (their sockets not yet closed). */
	get openStreams(): number {
		return this.openStreamSockets.size;
	}

	/** The next stream requests meet these, in order; after them, normal streams. */
	script(...scripts: StreamScript[]): void {
		this.scripts.push(...scripts);
	}

	/** Logs an event (each one a second after the last) and sends it to every open stream. */
	publish(eventId: string, text = eventId): LoggedEvent {
		this.clockMs += 1000;
		const createdAt = new Date(this.clockMs).toISOString();
		const event: LoggedEvent = {
			created_at: createdAt,
			envelope: {
				event: 'message.received',
				event_id: eventId,
				timestamp: createdAt,
				event_type: 'message.received',
				data: {
					chat: { id: 'chat-1', is_group: false, handles: [] },
					message: { id: `msg-${eventId}`, direction: 'inbound', parts: [{ type: 'text', value: text }] },
				},
			},
		};
		this.log.push(event);
		for (const send of this.live) send(event);
		return event;
	}

	/** The time of the newest logged event. */
	get now(): string {
		return new Date(this.clockMs).toISOString();
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private route(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const authorized = this.authorized(req);
		if (req.method === 'GET' && url.pathname === '/api/v1/events/stream') {
			return this.stream(req, res, url.searchParams.get('since'), authorized);
		}
		if (req.method === 'GET' && url.pathname === '/api/v1/events') {
			this.listRequests.push({
				since: url.searchParams.get('since'),
				cursor: url.searchParams.get('cursor'),
				limit: url.searchParams.get('limit'),
			});
			if (!authorized) return this.error(res, 401, 2004, 'Authentication failed');
			return this.list(res, url.searchParams);
		}
		this.error(res, 404, 2001, 'Not found');
	}

	private stream(req: http.IncomingMessage, res: http.ServerResponse, since: string | null, authorized: boolean): void {
		const script = authorized ? this.scripts.shift() : undefined;
		const status = !authorized ? 401 : script && 'answer' in script ? script.answer : 200;
		this.streamRequests.push({ at: Date.now(), since, authorized, status });
		if (!authorized) return this.error(res, 401, 2004, 'Authentication failed');
		if (script && 'answer' in script) {
			res.writeHead(script.answer, { 'content-type': 'application/json', 'x-trace-id': 'trace-sse', ...script.headers });
			res.end(JSON.stringify(script.body ?? {}));
			return;
		}
		this.openStreamSockets.add(req.socket);
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		res.flushHeaders();
		if (script && 'silent' in script) return;

		const sinceMs = since ? Date.parse(since) : -Infinity;
		let sent = 0;
		let ended = false;
		const timers: NodeJS.Timeout[] = [];
		const end = (how: 'close' | 'drop' | 'hang') => {
			if (ended) return;
			ended = true;
			for (const timer of timers) clearTimeout(timer);
			this.live.delete(send);
			if (how === 'close') res.end('event: close\ndata: {}\n\n');
			if (how === 'drop') req.socket.destroy();
		};
		const send = (event: LoggedEvent) => {
			if (ended) return;
			res.write(`data: ${JSON.stringify(event.envelope)}\n\n`);
			sent++;
			if (script && 'dropAfterEvents' in script && sent >= script.dropAfterEvents) end('drop');
		};
		// The docs say only that `since` "resumes"; this server resends the event at `since`
		// too (the stricter case for a client: each reconnect overlaps by one event).
		for (const event of this.log) if (Date.parse(event.created_at) >= sinceMs) send(event);
		if (script && 'silentAfterEvents' in script) return end('hang');
		if (ended) return;
		this.live.add(send);
		const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.options.heartbeatMs);
		timers.push(heartbeat as unknown as NodeJS.Timeout);
		timers.push(setTimeout(() => end('close'), this.options.lifetimeMs));
		req.on('close', () => {
			clearInterval(heartbeat);
			end('hang');
		});
	}

	private list(res: http.ServerResponse, query: URLSearchParams): void {
		const since = query.get('since');
		const sinceMs = since ? Date.parse(since) : -Infinity;
		const limit = Math.min(200, Math.max(1, Number(query.get('limit') ?? 50)));
		const offset = Number(query.get('cursor') ?? 0);
		const rows = this.log
			.filter((event) => Date.parse(event.created_at) > sinceMs)
			.reverse()
			.map((event, index) => ({
				id: `evt_${index}_${String(event.envelope.event_id)}`,
				type: event.envelope.event,
				event_id: event.envelope.event_id,
				payload: event.envelope,
				created_at: event.created_at,
			}));
		const page = rows.slice(offset, offset + limit);
		const next = offset + limit < rows.length ? String(offset + limit) : null;
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ events: page, next_cursor: next, count: page.length }));
	}

	private error(res: http.ServerResponse, status: number, code: number, message: string): void {
		res.writeHead(status, { 'content-type': 'application/json', 'x-trace-id': 'trace-sse' });
		res.end(JSON.stringify({ success: false, error: { status, code, message, retryable: false }, trace_id: 'trace-sse' }));
	}

	/** Bearer `<secret>`, or `x-chert-signature: v1,<ts>,<hex>` over "<ts>." (a GET's empty body). */
	private authorized(req: http.IncomingMessage): boolean {
		const bearer = req.headers.authorization;
		if (bearer !== undefined) return bearer === `Bearer ${this.options.secret}`;
		const signature = String(req.headers['x-chert-signature'] ?? '');
		const [version, timestamp, hex] = signature.split(',');
		if (version !== 'v1' || !timestamp || !hex) return false;
		const expected = createHmac('sha256', this.options.secret).update(`${timestamp}.`).digest();
		const given = Buffer.from(hex, 'hex');
		return given.length === expected.length && timingSafeEqual(given, expected);
	}
}
