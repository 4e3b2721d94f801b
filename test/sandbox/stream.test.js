// @ts-check
'use strict';

/**
 * GET /events/stream against the reference [ev]: SSE `data:` lines, heartbeat comments,
 * a lifetime ending in `event: close`, `?since=` replay, and the test handles.
 */

const { startSandbox } = require('./index');
const { openSse } = require('./sseReader');

const FROM = '+15550000001';
const ALICE = '+15551110001';

/** @type {import('./index').Sandbox[]} */
const started = [];

/** @param {import('./config').SandboxOptions} [options] */
async function sandbox(options = {}) {
  const sb = await startSandbox(options);
  started.push(sb);
  return sb;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((sb) => sb.close()));
});

/** @param {import('./index').Sandbox} sb @param {string} [query] @param {Record<string, string>} [headers] */
function stream(sb, query = '', headers = sb.authHeaders()) {
  return openSse(`${sb.url}/api/v1/events/stream${query}`, headers);
}

/** @param {import('./index').Sandbox} sb */
async function chatWithAlice(sb) {
  const res = await fetch(`${sb.url}/api/v1/chats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sb.authHeaders() },
    body: JSON.stringify({ from: FROM, to: ALICE, message: { parts: [{ type: 'text', value: 'Hi' }] } }),
  });
  const body = /** @type {{ chat: { id: string } }} */ (await res.json());
  return body.chat.id;
}

/** Resolves once the sandbox holds `n` open streams (the head reaches the client first). @param {import('./index').Sandbox} sb */
async function untilOpen(sb, n = 1) {
  for (let i = 0; i < 100 && sb.openStreams() !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(sb.openStreams()).toBe(n);
}

describe('GET /events/stream', () => {
  test('answers text/event-stream to a bearer and to an HMAC over the empty body', async () => {
    const sb = await sandbox();
    const bearer = await stream(sb);
    const hmac = await stream(sb, '', sb.authHeaders({ hmac: true }));
    for (const s of [bearer, hmac]) {
      expect(s.status).toBe(200);
      expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    }
    await untilOpen(sb, 2);
  });

  test.each([
    ['no credentials', {}],
    ['a wrong bearer', { authorization: 'Bearer ffffffffffffffffffffffffffffffff' }],
    ['a signature over another body than the empty one', { hmacOver: '{"x":1}' }],
  ])('refuses %s with 401 and the error envelope', async (_name, given) => {
    const sb = await sandbox();
    const headers = 'hmacOver' in given ? sb.authHeaders({ hmac: true, rawBody: given.hmacOver }) : given;
    const res = await fetch(`${sb.url}/api/v1/events/stream`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      success: false,
      error: expect.objectContaining({ status: 401, code: expect.any(Number), retryable: false }),
      trace_id: res.headers.get('x-trace-id'),
    });
    expect(sb.openStreams()).toBe(0);
  });

  test('pushes an inbound message as a data line holding the webhook envelope, with the event id', async () => {
    const sb = await sandbox();
    const chatId = await chatWithAlice(sb);
    const s = await stream(sb);
    await untilOpen(sb);
    const { event } = sb.addInboundMessage({ chatId, text: 'Sure, what time?' });
    const item = await s.next((i) => i.kind === 'event');
    expect(item).toMatchObject({ event: 'message', id: event.id });
    const data = JSON.parse(/** @type {{ data: string }} */ (item).data);
    expect(data).toEqual(event.payload);
    expect(data).toMatchObject({ event: 'message.received', data: { chat: { id: chatId }, message: { parts: [{ type: 'text', value: 'Sure, what time?' }] } } });
  });

  test('carries events no subscription wants, which the events log keeps as pending', async () => {
    const sb = await sandbox();
    expect(sb.state.subscriptions.size).toBe(0);
    const s = await stream(sb);
    await untilOpen(sb);
    const { event } = sb.addEvent({ type: 'reaction.added', leadId: 'c1', data: { reaction: 'love' } });
    expect(await s.nextData()).toMatchObject({ event: 'reaction.added', event_id: event.id, data: { reaction: 'love' } });
    const log = /** @type {{ events: unknown[] }} */ (await (await fetch(`${sb.url}/api/v1/events`, { headers: sb.authHeaders() })).json());
    expect(log.events).toEqual([expect.objectContaining({ id: event.id, delivery: expect.objectContaining({ status: 'pending', attempts: [] }) })]);
  });

  test('gives every open connection every event', async () => {
    const sb = await sandbox();
    const streams = [await stream(sb), await stream(sb), await stream(sb)];
    await untilOpen(sb, 3);
    const first = sb.addEvent({ type: 'reaction.added', data: { n: 1 } }).event;
    const second = sb.addEvent({ type: 'reaction.removed', data: { n: 2 } }).event;
    for (const s of streams) {
      expect((await s.nextData()).event_id).toBe(first.id);
      expect((await s.nextData()).event_id).toBe(second.id);
    }
  });

  test('sends heartbeat comments at the configured interval', async () => {
    const sb = await sandbox({ streamHeartbeatMs: 100 });
    const s = await stream(sb);
    const t0 = Date.now();
    await s.next((i) => i.kind === 'comment' && i.text === 'heartbeat');
    await s.next((i) => i.kind === 'comment' && i.text === 'heartbeat');
    await s.next((i) => i.kind === 'comment' && i.text === 'heartbeat');
    // Three beats at 100 ms: not before 300 ms, and not at the default 15 s.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test('is silent with streamHeartbeatMs: 0', async () => {
    const sb = await sandbox({ streamHeartbeatMs: 0, streamLifetimeMs: 600 });
    const s = await stream(sb);
    expect(await s.ended).toEqual({ clean: true });
    expect(s.comments('heartbeat')).toEqual([]);
    expect(s.events()).toEqual([expect.objectContaining({ event: 'close' })]);
  });

  test('ends with `event: close` after the configured lifetime', async () => {
    const sb = await sandbox({ streamLifetimeMs: 300 });
    const t0 = Date.now();
    const s = await stream(sb);
    const close = await s.next((i) => i.kind === 'event' && i.event === 'close');
    expect(close.at - t0).toBeGreaterThanOrEqual(290);
    expect(await s.ended).toEqual({ clean: true });
    await untilOpen(sb, 0);
  });

  test('with since, replays only the events recorded after it (oldest first), then live ones', async () => {
    let now = Date.parse('2026-05-24T01:00:00.000Z');
    const sb = await sandbox({ now: () => now });
    const old = sb.addEvent({ type: 'reaction.added', data: { n: 'old' } }).event;
    now += 1000;
    const since = new Date(now).toISOString();
    const atSince = sb.addEvent({ type: 'reaction.added', data: { n: 'at since' } }).event;
    now += 1000;
    const newer1 = sb.addEvent({ type: 'reaction.added', data: { n: 'newer 1' } }).event;
    now += 1000;
    const newer2 = sb.addEvent({ type: 'reaction.added', data: { n: 'newer 2' } }).event;
    const s = await stream(sb, `?since=${encodeURIComponent(since)}`);
    expect((await s.nextData()).event_id).toBe(newer1.id);
    expect((await s.nextData()).event_id).toBe(newer2.id);
    const live = sb.addEvent({ type: 'reaction.added', data: { n: 'live' } }).event;
    expect((await s.nextData()).event_id).toBe(live.id);
    const seen = s.events().map((e) => e.id);
    expect(seen).not.toContain(old.id);
    expect(seen).not.toContain(atSince.id);
  });

  test('without since, sends only live events', async () => {
    const sb = await sandbox();
    sb.addEvent({ type: 'reaction.added', data: {} });
    const s = await stream(sb);
    await untilOpen(sb);
    const live = sb.addEvent({ type: 'reaction.removed', data: {} }).event;
    expect((await s.nextData()).event_id).toBe(live.id);
    expect(s.events()).toHaveLength(1);
  });

  test('refuses a since that is not a date with 400 / 1002', async () => {
    const sb = await sandbox();
    const res = await fetch(`${sb.url}/api/v1/events/stream?since=yesterday`, { headers: sb.authHeaders() });
    expect(res.status).toBe(400);
    expect(/** @type {{ error: { code: number } }} */ (await res.json()).error.code).toBe(1002);
  });

  test('dropStreams cuts every connection without `event: close`', async () => {
    const sb = await sandbox();
    const a = await stream(sb);
    const b = await stream(sb);
    await untilOpen(sb, 2);
    sb.dropStreams();
    expect(sb.openStreams()).toBe(0);
    expect(await a.ended).toEqual({ clean: false });
    expect(await b.ended).toEqual({ clean: false });
    expect([...a.events(), ...b.events()]).toEqual([]);
    // A new connection works as before.
    const c = await stream(sb);
    await untilOpen(sb, 1);
    const { event } = sb.addEvent({ type: 'reaction.added', data: {} });
    expect((await c.nextData()).event_id).toBe(event.id);
  });

  test('a client that goes away is no longer counted', async () => {
    const sb = await sandbox();
    const s = await stream(sb);
    await untilOpen(sb, 1);
    s.close();
    await untilOpen(sb, 0);
  });

  test('close() ends open streams so the sandbox stops at once', async () => {
    const sb = await startSandbox();
    const s = await stream(sb);
    await untilOpen(sb, 1);
    await sb.close();
    expect(await s.ended).toEqual({ clean: true });
  });
});
