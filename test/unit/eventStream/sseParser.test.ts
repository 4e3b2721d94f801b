import { SseParser, type ServerSentEvent } from '../../../nodes/shared/eventStream/sseParser';

function parse(chunks: Array<string | Uint8Array>) {
	const events: ServerSentEvent[] = [];
	const comments: string[] = [];
	const parser = new SseParser(
		(event) => events.push(event),
		(comment) => comments.push(comment),
	);
	for (const chunk of chunks) parser.push(chunk);
	return { events, comments, parser };
}

describe('SseParser', () => {
	it('dispatches data lines on a blank line, as `message` when the server names no event', () => {
		const { events } = parse(['data: {"a":1}\n\n', 'data: {"b":2}\n\n']);
		expect(events).toEqual([
			{ event: 'message', data: '{"a":1}' },
			{ event: 'message', data: '{"b":2}' },
		]);
	});

	it('joins several data lines with newlines and keeps the event name and id', () => {
		const { events } = parse(['event: message.received\nid: evt_1\ndata: line one\ndata: line two\n\n']);
		expect(events).toEqual([{ event: 'message.received', data: 'line one\nline two', id: 'evt_1' }]);
	});

	it('reports comment lines (Chert’s heartbeats) without dispatching anything', () => {
		const { events, comments } = parse([': heartbeat\n\n', ':ping\n']);
		expect(events).toEqual([]);
		expect(comments).toEqual(['heartbeat', 'ping']);
	});

	it('dispatches `event: close` although it carries no data', () => {
		const { events } = parse(['event: close\n\n']);
		expect(events).toEqual([{ event: 'close', data: '' }]);
	});

	it('takes CRLF and CR line ends, and a CRLF split across two chunks is one line end', () => {
		const { events } = parse(['data: a\r', '\n\r\n', 'data: b\r\rdata: c\r\n', '\r\n']);
		expect(events).toEqual([
			{ event: 'message', data: 'a' },
			{ event: 'message', data: 'b' },
			{ event: 'message', data: 'c' },
		]);
	});

	it('waits for the rest of a line, and of a UTF-8 character, split across chunks', () => {
		const bytes = new TextEncoder().encode('data: {"text":"Sí, a las 3 👍"}\n\n');
		const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
		const { events } = parse(chunks);
		expect(events).toEqual([{ event: 'message', data: '{"text":"Sí, a las 3 👍"}' }]);
	});

	it('strips only one space after the colon, and reads a field without a colon as empty', () => {
		const { events } = parse(['data:  two spaces\ndata\n\n']);
		expect(events).toEqual([{ event: 'message', data: ' two spaces\n' }]);
	});

	it('drops an event the stream ended in the middle of', () => {
		const { events, parser } = parse(['data: complete\n\n', 'data: cut off']);
		parser.end();
		parser.push('\n\n');
		expect(events).toEqual([{ event: 'message', data: 'complete' }]);
	});

	it('ignores unknown fields', () => {
		const { events } = parse(['retry: 1000\nfoo: bar\ndata: x\n\n']);
		expect(events).toEqual([{ event: 'message', data: 'x' }]);
	});
});
