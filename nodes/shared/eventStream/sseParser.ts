/** One server-sent event, as the stream's `event:`, `data:` and `id:` lines gave it. */
export interface ServerSentEvent {
	/** `message` when the server named none. */
	event: string;
	data: string;
	id?: string;
}

/**
 * Parses a `text/event-stream` body as it arrives, chunk by chunk (the rules of the HTML
 * standard's event-stream interpretation): lines end in CRLF, LF or CR; a blank line
 * dispatches the event; `data:` lines join with newlines; lines starting with `:` are
 * comments, which Chert uses as heartbeats. Chunks may split lines, CRLF pairs and UTF-8
 * characters anywhere, so nothing is decided before the bytes that decide it arrive.
 */
export class SseParser {
	private readonly decoder = new TextDecoder('utf-8');
	private buffer = '';
	private endedWithCr = false;
	private eventType = '';
	private dataLines: string[] = [];
	private lastEventId: string | undefined;

	constructor(
		private readonly onEvent: (event: ServerSentEvent) => void,
		private readonly onComment: (text: string) => void = () => {},
	) {}

	push(chunk: Uint8Array | string): void {
		let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		// A CR that ended the previous chunk already ended its line; its LF is not a blank line.
		if (this.endedWithCr && text.startsWith('\n')) text = text.slice(1);
		this.endedWithCr = text.endsWith('\r');
		this.buffer += text;
		const lines = this.buffer.split(/\r\n|\n|\r/);
		this.buffer = lines.pop() ?? '';
		for (const line of lines) this.line(line);
	}

	/** The stream ended: an event without its closing blank line is dropped, as the standard says. */
	end(): void {
		this.buffer = '';
		this.eventType = '';
		this.dataLines = [];
	}

	private line(line: string): void {
		if (line === '') return this.dispatch();
		if (line.startsWith(':')) return this.onComment(line.slice(1).trimStart());
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'event') this.eventType = value;
		else if (field === 'data') this.dataLines.push(value);
		else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
	}

	private dispatch(): void {
		const eventType = this.eventType;
		const dataLines = this.dataLines;
		this.eventType = '';
		this.dataLines = [];
		// An event with no data is not dispatched, except Chert's `event: close`, which carries
		// its meaning in its name.
		if (dataLines.length === 0 && eventType === '') return;
		this.onEvent({
			event: eventType || 'message',
			data: dataLines.join('\n'),
			...(this.lastEventId !== undefined ? { id: this.lastEventId } : {}),
		});
	}
}
