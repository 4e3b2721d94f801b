// @ts-check
'use strict';

/**
 * Open connections of GET /events/stream [ev]: server-sent events, one per recorded
 * event, heartbeat comments, a fixed lifetime ending in `event: close`. Kept apart from
 * the route so that recording an event (webhooks.js) can reach every open stream.
 */

/**
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {{ res: ServerResponse, timers: NodeJS.Timeout[] }} StreamConnection
 */

/** @param {import('./store').ChertEvent} event */
function eventFrame(event) {
  // The docs say only "SSE, data: lines": the data is the envelope webhooks deliver (the
  // events row's payload), so one parser serves webhook and stream. `id:` lets a client
  // resume by the last id it saw; JSON.stringify never emits a raw newline, so one line.
  return `id: ${event.id}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

class StreamHub {
  constructor() {
    /** @type {Set<StreamConnection>} */
    this.connections = new Set();
  }

  /**
   * Takes over a response whose head is not yet written: replays `backlog`, then keeps the
   * connection for live events until its lifetime ends or either side closes it.
   * @param {ServerResponse} res
   * @param {import('./store').ChertEvent[]} backlog events to send first, oldest first
   * @param {{ streamLifetimeMs: number, streamHeartbeatMs: number }} timing heartbeat 0 = none
   */
  open(res, backlog, timing) {
    // A client gone during the request's latency fired 'close' already: its timers would
    // never be cleared.
    if (res.destroyed || res.socket === null || res.socket.destroyed) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    // Without a first byte some clients wait for the head; a comment is ignored by SSE parsers.
    res.write(': stream open\n\n');
    for (const event of backlog) res.write(eventFrame(event));

    /** @type {StreamConnection} */
    const conn = { res, timers: [] };
    if (timing.streamHeartbeatMs > 0) {
      conn.timers.push(setInterval(() => res.write(': heartbeat\n\n'), timing.streamHeartbeatMs));
    }
    conn.timers.push(
      setTimeout(() => {
        // Documented: the stream lives 60 s, then `event: close` (the client reconnects).
        res.end('event: close\n\n');
      }, timing.streamLifetimeMs),
    );
    this.connections.add(conn);
    res.on('close', () => this.forget(conn));
  }

  /** @param {StreamConnection} conn */
  forget(conn) {
    for (const t of conn.timers) clearTimeout(t);
    this.connections.delete(conn);
  }

  /** @param {import('./store').ChertEvent} event */
  publish(event) {
    const frame = eventFrame(event);
    for (const { res } of this.connections) if (!res.writableEnded) res.write(frame);
  }

  /** Cuts every open stream without `event: close`, as a network failure would. */
  dropAll() {
    for (const conn of [...this.connections]) {
      this.forget(conn);
      conn.res.destroy();
    }
  }

  /** Ends every open stream cleanly (sandbox shutdown). */
  closeAll() {
    for (const conn of [...this.connections]) {
      this.forget(conn);
      conn.res.end();
    }
  }

  get size() {
    return this.connections.size;
  }
}

module.exports = { StreamHub, eventFrame };
