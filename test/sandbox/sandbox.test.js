// @ts-check
'use strict';

/**
 * Checks the sandbox against shared/chert-api.md, so the node's tests can
 * trust it as an oracle.
 */

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const readline = require('node:readline');
const { startSandbox, computeSignature } = require('./index');

const FROM = '+15550000001';
const ALICE = '+15551110001';
const BOB = '+15551110002';
const CAROL = '+15551110003';

/** @type {import('./index').Sandbox} */
let sb;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

/**
 * @param {string} method
 * @param {string} apiPath path after /api/v1
 * @param {{ body?: unknown, raw?: string, headers?: Record<string, string>, base?: import('./index').Sandbox }} [o]
 */
async function call(method, apiPath, o = {}) {
  const box = o.base ?? sb;
  const raw = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const res = await fetch(`${box.url}/api/v1${apiPath}`, {
    method,
    headers: { 'content-type': 'application/json', ...(o.headers ?? box.authHeaders()) },
    body: raw,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** @param {Awaited<ReturnType<typeof call>>} r @param {number} status @param {number} code */
function expectError(r, status, code) {
  expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status, code });
  expect(r.json).toEqual({
    success: false,
    error: expect.objectContaining({ status, code, message: expect.any(String), retryable: expect.any(Boolean) }),
    trace_id: r.headers.get('x-trace-id'),
  });
}

/** @param {unknown[]} parts @param {string | string[]} [to] @param {Record<string, unknown>} [extra] */
function newChat(parts, to = ALICE, extra = {}) {
  return call('POST', '/chats', { body: { from: FROM, to, message: { parts, ...extra } } });
}

const text = (/** @type {string} */ value) => ({ type: 'text', value });

/** Creates and uploads an attachment, returns its id. @param {Buffer} bytes */
async function uploadAttachment(bytes, contentType = 'image/png') {
  const created = await call('POST', '/attachments', {
    body: { filename: 'pic.png', content_type: contentType, size_bytes: bytes.length },
  });
  expect(created.status).toBe(200);
  const put = await fetch(created.json.upload_url, {
    method: 'PUT',
    headers: created.json.required_headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  return /** @type {string} */ (created.json.attachment_id);
}

describe('authentication', () => {
  test('bearer with the signing secret is accepted', async () => {
    const r = await call('GET', '/phone-numbers');
    expect(r.status).toBe(200);
    expect(sb.state.requests[0].auth).toBe('bearer');
  });

  test.each([
    ['missing', {}],
    ['wrong', { authorization: 'Bearer ffffffffffffffffffffffffffffffff' }],
    ['not bearer', { authorization: 'Basic 0123456789abcdef0123456789abcdef' }],
  ])('%s bearer is 401 code 2004', async (_name, headers) => {
    expectError(await call('GET', '/phone-numbers', { headers }), 401, 2004);
  });

  test('an unknown tenant header is 404 code 2001', async () => {
    const headers = { ...sb.authHeaders(), 'x-chert-tenant': 'nobody' };
    expectError(await call('GET', '/phone-numbers', { headers }), 404, 2001);
  });

  test('HMAC over the exact body is accepted, for GET (empty body) and POST', async () => {
    expect((await call('GET', '/phone-numbers', { headers: sb.authHeaders({ hmac: true }) })).status).toBe(200);
    const raw = JSON.stringify({ from: FROM, to: ALICE, message: { parts: [text('hi')] } });
    const r = await call('POST', '/chats', { raw, headers: sb.authHeaders({ hmac: true, rawBody: raw }) });
    expect(r.status).toBe(200);
    expect(sb.state.requests.map((q) => q.auth)).toEqual(['hmac', 'hmac']);
  });

  test('the signature is over the raw bytes: a re-serialised body does not match', async () => {
    const signed = JSON.stringify({ from: FROM, to: ALICE, message: { parts: [text('hi')] } });
    const sent = JSON.stringify(JSON.parse(signed), null, 2);
    const r = await call('POST', '/chats', { raw: sent, headers: sb.authHeaders({ hmac: true, rawBody: signed }) });
    expectError(r, 401, 2004);
    expect(sb.state.messagesDelivered).toHaveLength(0);
  });

  test('non-ASCII bodies are signed as UTF-8 bytes', async () => {
    const raw = JSON.stringify({ from: FROM, to: ALICE, message: { parts: [text('héllo 👋')] } });
    const r = await call('POST', '/chats', { raw, headers: sb.authHeaders({ hmac: true, rawBody: Buffer.from(raw) }) });
    expect(r.status).toBe(200);
  });

  test('a bad signature is 401 2004 even with a valid bearer (signature checked first)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = {
      ...sb.authHeaders(),
      'x-chert-tenant': sb.tenantSlug,
      'x-chert-signature': `v1,${now},${'0'.repeat(64)}`,
    };
    expectError(await call('GET', '/phone-numbers', { headers }), 401, 2004);
  });

  test('uppercase hex is refused (the docs ask for lowercase)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hex = computeSignature(sb.signingSecret, now, '').toUpperCase();
    const headers = { 'x-chert-tenant': sb.tenantSlug, 'x-chert-signature': `v1,${now},${hex}` };
    expectError(await call('GET', '/phone-numbers', { headers }), 401, 2004);
  });

  test('a timestamp outside ±300 s is 401 2013; at the edge it passes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = sb.authHeaders({ hmac: true, unixSeconds: now - 301 });
    expectError(await call('GET', '/phone-numbers', { headers: stale }), 401, 2013);
    const future = sb.authHeaders({ hmac: true, unixSeconds: now + 400 });
    expectError(await call('GET', '/phone-numbers', { headers: future }), 401, 2013);
    const edge = sb.authHeaders({ hmac: true, unixSeconds: now - 290 });
    expect((await call('GET', '/phone-numbers', { headers: edge })).status).toBe(200);
  });

  test('HMAC needs x-chert-tenant (401 2004 when missing, 404 2001 when unknown)', async () => {
    const { 'x-chert-signature': sig } = sb.authHeaders({ hmac: true });
    expectError(await call('GET', '/phone-numbers', { headers: { 'x-chert-signature': sig } }), 401, 2004);
    const unknown = { 'x-chert-signature': sig, 'x-chert-tenant': 'other' };
    expectError(await call('GET', '/phone-numbers', { headers: unknown }), 404, 2001);
  });

  test('a malformed signature header is 401 2004', async () => {
    const headers = { 'x-chert-tenant': sb.tenantSlug, 'x-chert-signature': 't=1,v1=abc' };
    expectError(await call('GET', '/phone-numbers', { headers }), 401, 2004);
  });
});

describe('envelope and trace ids', () => {
  test('every answer has a distinct X-Trace-ID, logged with the request', async () => {
    const a = await call('GET', '/phone-numbers');
    const b = await call('GET', '/phone-numbers', { headers: {} });
    const ids = [a.headers.get('x-trace-id'), b.headers.get('x-trace-id')];
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(b.json.trace_id).toBe(ids[1]);
    expect(sb.state.requests.map((q) => [q.traceId, q.status])).toEqual([
      [ids[0], 200],
      [ids[1], 401],
    ]);
  });

  test('invalid JSON is 400 1004', async () => {
    expectError(await call('POST', '/chats', { raw: '{"from":' }), 400, 1004);
  });

  test('the request log keeps method, path, query, lower-cased headers, raw and parsed body', async () => {
    const body = { from: FROM, to: ALICE, message: { parts: [text('hi')] } };
    await call('POST', '/chats?x=1', { body, headers: { ...sb.authHeaders(), 'X-Custom': 'yes' } });
    expect(sb.state.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/chats',
      query: { x: '1' },
      rawBody: JSON.stringify(body),
      body,
      status: 200,
    });
    expect(sb.state.requests[0].headers['x-custom']).toBe('yes');
  });

  test('GET /phone-numbers lists the tenant numbers', async () => {
    const r = await call('GET', '/phone-numbers');
    expect(r.json.phone_numbers).toEqual([
      expect.objectContaining({ phone_number: '+15550000001', service: 'imessage', is_active: true }),
      expect.objectContaining({ phone_number: '+15550000002', service: 'imessage', is_active: true }),
    ]);
    for (const n of r.json.phone_numbers) {
      expect(n).toEqual(
        expect.objectContaining({ id: expect.any(String), phone_line_id: expect.any(String), capabilities: expect.any(Array) }),
      );
    }
  });
});

describe('POST /chats', () => {
  test('one recipient creates a DM and delivers once', async () => {
    const r = await newChat([text('Hello')]);
    expect(r.status).toBe(200);
    expect(r.json.chat).toEqual({
      id: expect.any(String),
      display_name: null,
      handles: [{ service: 'imessage', address: ALICE }],
      is_group: false,
      service: 'imessage',
      health_score: expect.any(Number),
      created_at: expect.any(String),
    });
    expect(r.json.message).toEqual({
      id: expect.any(String),
      chat_id: r.json.chat.id,
      parts: [text('Hello')],
      status: 'queued',
      direction: 'outbound',
      created_at: expect.any(String),
      delivered_at: null,
      read_at: null,
      service: 'imessage',
    });
    expect(sb.deliveredTo(ALICE)).toBe(1);
    expect(sb.state.messagesDelivered[0]).toMatchObject({ chatId: r.json.chat.id, from: FROM, to: [ALICE] });
  });

  test('2+ recipients create a group named by message.subject', async () => {
    const r = await newChat([text('Hi all')], [ALICE, BOB, CAROL], { subject: 'Team' });
    expect(r.status).toBe(200);
    expect(r.json.chat).toMatchObject({ is_group: true, display_name: 'Team' });
    expect(r.json.chat.handles.map((/** @type {{address: string}} */ h) => h.address)).toEqual([ALICE, BOB, CAROL]);
    expect(r.json.message.subject).toBe('Team');
    expect([ALICE, BOB, CAROL].map((p) => sb.deliveredTo(p))).toEqual([1, 1, 1]);
    expect(sb.state.messagesDelivered).toHaveLength(1);
  });

  test('31 recipients are a group, 32 are 1006', async () => {
    const phones = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => `+1555200${String(i).padStart(4, '0')}`);
    expect((await newChat([text('x')], phones(31))).status).toBe(200);
    expectError(await newChat([text('x')], phones(32)), 422, 1006);
  });

  test.each([
    ['from missing', { to: ALICE, message: { parts: [text('x')] } }, 400, 1001],
    ['from not E.164', { from: '5550000001', to: ALICE, message: { parts: [text('x')] } }, 400, 1003],
    ['from not a tenant number', { from: '+15559999999', to: ALICE, message: { parts: [text('x')] } }, 403, 2006],
    ['to missing', { from: FROM, message: { parts: [text('x')] } }, 400, 1001],
    ['to not E.164', { from: FROM, to: '555-1234', message: { parts: [text('x')] } }, 400, 1003],
    ['a group member not E.164', { from: FROM, to: [ALICE, '0044'], message: { parts: [text('x')] } }, 400, 1003],
    ['message missing', { from: FROM, to: ALICE }, 400, 1001],
    ['parts missing', { from: FROM, to: ALICE, message: {} }, 400, 1001],
    ['service sms', { from: FROM, to: ALICE, service: 'sms', message: { parts: [text('x')] } }, 400, 1010],
  ])('%s', async (_name, body, status, code) => {
    expectError(await call('POST', '/chats', { body }), status, code);
    expect(sb.state.messagesDelivered).toHaveLength(0);
  });

  test('2006 status can be overridden (the catalogue says 400)', async () => {
    const other = await startSandbox({ statusOverrides: { 2006: 400 } });
    try {
      const body = { from: '+15559999999', to: ALICE, message: { parts: [text('x')] } };
      expectError(await call('POST', '/chats', { body, base: other, headers: other.authHeaders() }), 400, 2006);
    } finally {
      await other.close();
    }
  });
});

describe('parts rules', () => {
  const eleven = Array.from({ length: 11 }, (_, i) => (i % 2 ? { type: 'rich_link', url: 'https://a.example' } : text('x')));

  test.each([
    ['more than 10 parts', eleven, 400, 1006],
    ['empty text', [text('')], 400, 1002],
    ['text without value', [{ type: 'text' }], 400, 1002],
    ['unknown part type', [{ type: 'sticker' }], 400, 1002],
    ['two text parts in a row', [text('a'), text('b')], 400, 1008],
    ['URL in a first-message text', [text('see https://example.com')], 400, 1005],
    ['www. host in a first-message text', [text('see www.example.com')], 400, 1005],
    ['legacy link part in a first message', [{ type: 'link', url: 'https://example.com' }], 400, 1005],
    ['rich_link with a relative url', [{ type: 'rich_link', url: '/path' }], 400, 1002],
    ['rich_link with a non-http url', [{ type: 'rich_link', url: 'ftp://example.com' }], 400, 1002],
    ['media with a url instead of an id', [{ type: 'media', url: 'https://x.example/a.png' }], 409, 1011],
    ['media whose id is a URL', [{ type: 'media', attachment_id: 'https://x.example/a.png' }], 409, 1011],
    ['media with an unknown attachment', [{ type: 'media', attachment_id: 'nope' }], 404, 5001],
  ])('DM first message: %s', async (_name, parts, status, code) => {
    expectError(await newChat(parts), status, code);
    expect(sb.state.messagesDelivered).toHaveLength(0);
  });

  test('a DM first message may carry rich_link and media with text between', async () => {
    const id = await uploadAttachment(Buffer.from('png-bytes'));
    const r = await newChat([
      text('Look'),
      { type: 'rich_link', url: 'https://example.com', title: 'Example' },
      text('and'),
      { type: 'media', attachment_id: id },
    ]);
    expect(r.status).toBe(200);
    expect(r.json.message.parts).toHaveLength(4);
  });

  test('media not uploaded yet is 5004', async () => {
    const created = await call('POST', '/attachments', {
      body: { filename: 'a.png', content_type: 'image/png', size_bytes: 3 },
    });
    expectError(await newChat([{ type: 'media', attachment_id: created.json.attachment_id }]), 409, 5004);
  });

  test.each([
    ['media', async () => ({ type: 'media', attachment_id: await uploadAttachment(Buffer.from('x')) })],
    ['rich_link', async () => ({ type: 'rich_link', url: 'https://example.com' })],
  ])("a group's first message refuses %s with 4099", async (_name, make) => {
    expectError(await newChat([text('hi'), await make()], [ALICE, BOB]), 422, 4099);
  });

  test('text longer than maxTextLength is 1009 when a limit is configured', async () => {
    const other = await startSandbox({ maxTextLength: 5 });
    try {
      const r = await call('POST', '/chats', {
        base: other,
        headers: other.authHeaders(),
        body: { from: FROM, to: ALICE, message: { parts: [text('123456')] } },
      });
      expectError(r, 400, 1009);
    } finally {
      await other.close();
    }
  });
});

describe('POST /chats/{chat_id}/messages', () => {
  /** @returns {Promise<{ chatId: string, messageId: string }>} */
  async function dm() {
    const r = await newChat([text('first')]);
    return { chatId: r.json.chat.id, messageId: r.json.message.id };
  }

  test('a follow-up accepts URLs in text and legacy link parts', async () => {
    const { chatId } = await dm();
    const r = await call('POST', `/chats/${chatId}/messages`, {
      body: { message: { parts: [text('see https://example.com'), { type: 'link', url: 'https://example.com' }] } },
    });
    expect(r.status).toBe(200);
    expect(r.json.message).toMatchObject({ chat_id: chatId, status: 'queued', direction: 'outbound' });
    expect(sb.deliveredTo(ALICE)).toBe(2);
  });

  test('a group follow-up may carry media', async () => {
    const g = await newChat([text('hi')], [ALICE, BOB]);
    const id = await uploadAttachment(Buffer.from('img'));
    const r = await call('POST', `/chats/${g.json.chat.id}/messages`, {
      body: { message: { parts: [{ type: 'media', attachment_id: id }] } },
    });
    expect(r.status).toBe(200);
  });

  test('top-level parts is refused with 1002', async () => {
    const { chatId } = await dm();
    expectError(await call('POST', `/chats/${chatId}/messages`, { body: { parts: [text('x')] } }), 400, 1002);
  });

  test('parts rules still apply (1008)', async () => {
    const { chatId } = await dm();
    const body = { message: { parts: [text('a'), text('b')] } };
    expectError(await call('POST', `/chats/${chatId}/messages`, { body }), 400, 1008);
  });

  test('an unknown chat, or a message id used as chat id, is 404 2002', async () => {
    const { messageId } = await dm();
    const body = { message: { parts: [text('x')] } };
    expectError(await call('POST', '/chats/nope/messages', { body }), 404, 2002);
    const r = await call('POST', `/chats/${messageId}/messages`, { body });
    expectError(r, 404, 2002);
    expect(r.json.error.message).toMatch(/message id/);
    expect(sb.deliveredTo(ALICE)).toBe(1);
  });

  test('GET lists the chat messages oldest first', async () => {
    const { chatId } = await dm();
    await call('POST', `/chats/${chatId}/messages`, { body: { message: { parts: [text('second')] } } });
    const r = await call('GET', `/chats/${chatId}/messages`);
    expect(r.status).toBe(200);
    expect(r.json.has_more).toBe(false);
    expect(r.json.messages.map((/** @type {any} */ m) => m.parts[0].value)).toEqual(['first', 'second']);
  });
});

describe('idempotency', () => {
  const body = { from: FROM, to: ALICE, message: { parts: [text('Hello')], idempotency_key: 'k-1' } };

  test('same key and body replays the first answer without delivering again', async () => {
    const first = await call('POST', '/chats', { body });
    // Same content, other key order: still "the same body".
    const reordered = { message: { idempotency_key: 'k-1', parts: [text('Hello')] }, to: ALICE, from: FROM };
    const again = await call('POST', '/chats', { body: reordered });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('x-trace-id')).not.toBe(first.headers.get('x-trace-id'));
    expect(sb.deliveredTo(ALICE)).toBe(1);
    expect(sb.state.chats.size).toBe(1);
    expect(sb.state.requests.map((q) => q.idempotentReplay)).toEqual([false, true]);
  });

  test('same key with another body is 409 1012 and sends nothing', async () => {
    await call('POST', '/chats', { body });
    const changed = { ...body, message: { ...body.message, parts: [text('Other')] } };
    expectError(await call('POST', '/chats', { body: changed }), 409, 1012);
    expect(sb.state.messagesDelivered).toHaveLength(1);
  });

  test('follow-ups replay too, and a key is bound to its endpoint', async () => {
    const chat = await newChat([text('first')]);
    const path = `/chats/${chat.json.chat.id}/messages`;
    const follow = { message: { parts: [text('again')], idempotency_key: 'f-1' } };
    const a = await call('POST', path, { body: follow });
    const b = await call('POST', path, { body: follow });
    expect(b.json.message.id).toBe(a.json.message.id);
    expect(sb.deliveredTo(ALICE)).toBe(2);
    const send = await call('POST', '/send', { body: { phone: ALICE, body: 'again', idempotency_key: 'f-1' } });
    expect(send.status).toBe(409);
    expect(sb.deliveredTo(ALICE)).toBe(2);
  });

  test('a refused request does not consume its key', async () => {
    const bad = { ...body, from: '+15559999999' };
    expect((await call('POST', '/chats', { body: bad })).status).toBe(403);
    expect((await call('POST', '/chats', { body })).status).toBe(200);
  });

  test('/send and /locations replay as well', async () => {
    const s = { phone: BOB, body: 'hey', idempotency_key: 's-1' };
    const s1 = await call('POST', '/send', { body: s });
    const s2 = await call('POST', '/send', { body: s });
    expect(s2.json).toEqual(s1.json);
    const l = { phone: BOB, latitude: 1, longitude: 2, idempotency_key: 'l-1' };
    const l1 = await call('POST', '/locations', { body: l });
    const l2 = await call('POST', '/locations', { body: l });
    expect([l1.status, l2.status]).toEqual([202, 202]);
    expect(l2.json).toEqual(l1.json);
    expect(sb.deliveredTo(BOB)).toBe(2);
  });
});

describe('messages', () => {
  test('typing, mark-read, react and GET message', async () => {
    const c = await newChat([text('hello')]);
    const chatId = c.json.chat.id;
    const messageId = c.json.message.id;
    expect((await call('POST', `/chats/${chatId}/typing`, { body: { state: 'typing' } })).json).toEqual({
      status: 'sent',
      chat_id: chatId,
      state: 'typing',
    });
    expectError(await call('POST', `/chats/${chatId}/typing`, { body: { state: 'busy' } }), 400, 1002);
    const read = await call('POST', `/chats/${chatId}/mark-read`);
    expect(read.json).toEqual({ chat_id: chatId, status: 'read' });
    expect((await call('POST', `/chats/${chatId}/mark-read`)).status).toBe(200);
    expect((await call('POST', `/messages/${messageId}/react`, { body: { reaction: 'love' } })).json).toEqual({
      status: 'sent',
      message_id: messageId,
      reaction: 'love',
    });
    expectError(await call('POST', `/messages/${messageId}/react`, { body: { reaction: 'wow' } }), 400, 1002);
    expectError(await call('POST', '/messages/nope/react', { body: { reaction: 'love' } }), 404, 2003);
    const got = await call('GET', `/messages/${messageId}`);
    expect(got.json.message).toMatchObject({ id: messageId, chat_id: chatId });
  });

  test('edit: outbound text within 15 minutes only (4001 after), non-empty new_text (1002)', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const box = await startSandbox({ now: () => now });
    const h = { base: box, headers: box.authHeaders() };
    try {
      const c = await call('POST', '/chats', { ...h, body: { from: FROM, to: ALICE, message: { parts: [text('helo')] } } });
      const id = c.json.message.id;
      expectError(await call('POST', `/messages/${id}/edit`, { ...h, body: {} }), 400, 1001);
      expectError(await call('POST', `/messages/${id}/edit`, { ...h, body: { new_text: '' } }), 400, 1002);
      expectError(await call('POST', `/messages/${id}/edit`, { ...h, body: { new_text: 'x', edited_part_index: 3 } }), 400, 1002);
      const ok = await call('POST', `/messages/${id}/edit`, { ...h, body: { new_text: 'hello' } });
      expect(ok.json).toMatchObject({ status: 'edited', message_id: id, new_text: 'hello' });
      expect(ok.json.edit_history).toHaveLength(1);
      now += 15 * 60 * 1000 + 1;
      const late = await call('POST', `/messages/${id}/edit`, { ...h, body: { new_text: 'late' } });
      expectError(late, 502, 4001);
      expect(late.json.error.retryable).toBe(true);
      const inbound = box.addInboundMessage({ chatId: c.json.chat.id, text: 'reply' }).message;
      expectError(await call('POST', `/messages/${inbound.id}/edit`, { ...h, body: { new_text: 'x' } }), 409, 1012);
    } finally {
      await box.close();
    }
  });
});

describe('attachments', () => {
  test('upload flow stores the exact bytes and serves them back', async () => {
    const bytes = crypto.randomBytes(2048);
    const created = await call('POST', '/attachments', {
      body: { filename: 'r.bin', content_type: 'application/octet-stream', size_bytes: bytes.length },
    });
    expect(created.json).toEqual({
      attachment_id: expect.any(String),
      upload_url: `${sb.url}/uploads/${created.json.attachment_id}`,
      required_headers: { authorization: `Bearer ${sb.signingSecret}`, 'content-type': 'application/octet-stream' },
      expires_at: expect.any(String),
    });
    const url = created.json.upload_url;
    const wrongType = await fetch(url, {
      method: 'PUT',
      headers: { ...created.json.required_headers, 'content-type': 'multipart/form-data; boundary=x' },
      body: bytes,
    });
    expect(wrongType.status).toBe(400);
    const noAuth = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(noAuth.status).toBe(401);
    const short = await fetch(url, { method: 'PUT', headers: created.json.required_headers, body: bytes.subarray(1) });
    expect(short.status).toBe(400);
    const put = await fetch(url, { method: 'PUT', headers: created.json.required_headers, body: bytes });
    expect(put.status).toBe(200);
    const att = sb.state.attachments.get(created.json.attachment_id);
    expect(att?.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));

    const res = await fetch(`${sb.url}/api/v1/attachments/${created.json.attachment_id}/content`, { headers: sb.authHeaders() });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  test.each([
    ['filename missing', { content_type: 'image/png', size_bytes: 1 }, 400, 1001],
    ['size not an integer', { filename: 'a', content_type: 'image/png', size_bytes: 1.5 }, 400, 1002],
    ['over 100 MB', { filename: 'a', content_type: 'image/png', size_bytes: 100 * 1024 * 1024 + 1 }, 413, 5002],
  ])('create refuses %s', async (_name, body, status, code) => {
    expectError(await call('POST', '/attachments', { body }), status, code);
  });
});

describe('POST /send (flat errors)', () => {
  test('sends to a lead, reusing the lead on the next send', async () => {
    const a = await call('POST', '/send', { body: { phone: ALICE, body: 'hi' } });
    expect(a.status).toBe(200);
    expect(a.json).toEqual({
      status: 'queued',
      message_id: expect.any(String),
      lead_id: expect.any(String),
      lead_created: true,
      convo_id: a.json.lead_id,
      phone_line_id: expect.any(String),
    });
    const b = await call('POST', '/send', { body: { phone: ALICE, body: 'again' } });
    expect(b.json).toMatchObject({ lead_id: a.json.lead_id, lead_created: false });
    expect(sb.deliveredTo(ALICE)).toBe(2);
  });

  test('errors are flat: error is a string, code at the top level', async () => {
    const r = await call('POST', '/send', { body: { phone: 'abc', body: 'x' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      success: false,
      error: expect.any(String),
      code: 1003,
      status: 400,
      retryable: false,
      trace_id: r.headers.get('x-trace-id'),
    });
  });

  test('attachments: the four documented entry shapes, mixed; { url } is 1011, other shapes 1002', async () => {
    const [a, b, c, live] = await Promise.all([1, 2, 3, 4].map((n) => uploadAttachment(Buffer.alloc(n, n))));
    const attachments = [a, { id: b }, { attachment_id: c }, { attachment_id: live, live_photo: true }];
    const r = await call('POST', '/send', { body: { phone: ALICE, body: 'photos', attachments } });
    expect(r.status).toBe(200);
    expect(sb.state.messagesDelivered[0].parts).toEqual([
      text('photos'),
      { type: 'media', attachment_id: a },
      { type: 'media', attachment_id: b },
      { type: 'media', attachment_id: c },
      { type: 'media', attachment_id: live, live_photo: true },
    ]);
    /** @param {unknown[]} list */
    const refused = (list) => call('POST', '/send', { body: { phone: ALICE, body: 'x', attachments: list } });
    expect((await refused([a, { url: 'https://x.io/a.png' }])).json).toMatchObject({ code: 1011, status: 409, attachment_index: 1 });
    expect((await refused([{ url: 'https://x.io/a.png', attachment_id: a }])).json).toMatchObject({ code: 1011, attachment_index: 0 });
    expect((await refused([{ attachment_id: a, live_photo: 'yes' }])).json).toMatchObject({ code: 1002, attachment_index: 0 });
    expect((await refused([{ id: a, attachment_id: b }])).json).toMatchObject({ code: 1002, attachment_index: 0 });
    expect((await refused([{ id: a, live_photo: true }])).json).toMatchObject({ code: 1002, attachment_index: 0 });
    expect((await refused([{ attachment_id: 'nope' }])).json).toMatchObject({ code: 5001, attachment_index: 0 });
    expect(sb.state.messagesDelivered).toHaveLength(1);
  });

  test('an unknown effect is 4098 with allowed_effects', async () => {
    const r = await call('POST', '/send', { body: { phone: ALICE, body: 'x', effect: 'explode' } });
    expect(r.json).toMatchObject({ code: 4098, allowed_effects: expect.arrayContaining(['confetti']) });
  });
});

describe('other endpoints', () => {
  test('POST /locations answers 202 with the documented shape', async () => {
    const r = await call('POST', '/locations', { body: { phone: ALICE, latitude: 48.85, longitude: 2.35, label: 'Paris' } });
    expect(r.status).toBe(202);
    expect(r.json).toEqual({
      message_id: expect.any(String),
      status: 'queued',
      phone_line_id: 'line_1',
      delivery: 'queued',
      location: { latitude: 48.85, longitude: 2.35, label: 'Paris', mode: 'balloon' },
    });
    expectError(await call('POST', '/locations', { body: { latitude: 1, longitude: 2 } }), 400, 1001);
    expectError(await call('POST', '/locations', { body: { phone: ALICE, latitude: 91, longitude: 2 } }), 400, 1002);
  });

  test('POST /locations takes a delivery chat id, not the chat UUID; fallback_mode and expires_at', async () => {
    const c = await newChat([text('hello')]);
    const deliveryChatId = sb.deliveryChatIdOf(c.json.chat.id);
    expect(deliveryChatId).toBe('iMessage;+;chat1');
    const pin = { latitude: 40.758896, longitude: -73.98513, label: 'Times Square', address: 'Manhattan, NY' };
    const body = { chat_id: deliveryChatId, ...pin, fallback_mode: 'auto', expires_at: '2026-06-01T18:00:00Z' };
    const r = await call('POST', '/locations', { body });
    expect(r.status).toBe(202);
    expect(r.json.location).toEqual({ ...pin, mode: 'balloon', fallback_mode_requested: 'auto' });
    expect(sb.state.messagesDelivered.at(-1)).toMatchObject({
      chatId: c.json.chat.id,
      to: [ALICE],
      location: { ...pin, fallback_mode: 'auto', expires_at: '2026-06-01T18:00:00Z' },
    });
    expectError(await call('POST', '/locations', { body: { ...pin, chat_id: c.json.chat.id } }), 404, 2002);
    expectError(await call('POST', '/locations', { body: { ...pin, chat_id: 'iMessage;+;chat9' } }), 404, 2002);
    expectError(await call('POST', '/locations', { body: { ...pin, chat_id: deliveryChatId, phone: ALICE } }), 400, 1002);
    expectError(await call('POST', '/locations', { body: { ...pin, phone: ALICE, fallback_mode: 'never' } }), 400, 1002);
    expectError(await call('POST', '/locations', { body: { ...pin, phone: ALICE, expires_at: 'tomorrow' } }), 400, 1002);
    expect(sb.state.messagesDelivered).toHaveLength(2);
  });

  test('POST /locations from a line without location support is 4099', async () => {
    const box = await startSandbox({ phoneNumbers: [{ phone_number: FROM, capabilities: ['text'] }] });
    try {
      const r = await call('POST', '/locations', { base: box, headers: box.authHeaders(), body: { phone: ALICE, latitude: 1, longitude: 2 } });
      expectError(r, 422, 4099);
      expect(box.state.messagesDelivered).toHaveLength(0);
      expect(box.state.chats.size).toBe(0);
    } finally {
      await box.close();
    }
  });

  test('webhook subscriptions: the secret is shown only at creation', async () => {
    const c = await call('POST', '/webhook-subscriptions', { body: { url: 'https://hook.example/x', events: ['message.received'] } });
    expect(c.json.subscription).toMatchObject({ url: 'https://hook.example/x', events: ['message.received'], is_active: true });
    expect(c.json.subscription.secret).toMatch(/^[0-9a-f]{64}$/);
    const id = c.json.subscription.id;
    const got = await call('GET', `/webhook-subscriptions/${id}`);
    expect(got.json.subscription.secret).toBeUndefined();
    expect((await call('GET', '/webhook-subscriptions')).json.subscriptions).toHaveLength(1);
    const p = await call('PATCH', `/webhook-subscriptions/${id}`, { body: { is_active: false } });
    expect(p.json.subscription.is_active).toBe(false);
    expect((await call('DELETE', `/webhook-subscriptions/${id}`)).status).toBe(200);
    expect((await call('GET', `/webhook-subscriptions/${id}`)).status).toBe(404);
    expectError(await call('POST', '/webhook-subscriptions', { body: { url: 'http://hook.example' } }), 400, 1002);
  });

  test('inbound messages appear in GET /events', async () => {
    const c = await newChat([text('hello')]);
    const { event } = sb.addInboundMessage({ chatId: c.json.chat.id, text: 'hi back' });
    const r = await call('GET', `/events?type=message.received&lead_id=${c.json.chat.id}`);
    expect(r.json).toMatchObject({ count: 1, next_cursor: null });
    expect(r.json.events[0].id).toBe(event.id);
    expectError(await call('GET', '/events?limit=0'), 400, 1002);
  });

  test('injected errors answer once with the documented extras', async () => {
    sb.injectError({ method: 'POST', path: '/api/v1/chats', code: 1007, retry_after: 2 });
    const r = await newChat([text('x')]);
    expectError(r, 429, 1007);
    expect(r.json.error).toMatchObject({ retryable: true, retry_after: 2 });
    expect(r.headers.get('retry-after')).toBe('2');
    expect((await newChat([text('x')])).status).toBe(200);
    expect(sb.deliveredTo(ALICE)).toBe(1);
    expect(sb.state.requests.map((r) => r.fault)).toEqual(['error', undefined]);
  });

  test('the log has when each request arrived and was answered', async () => {
    await newChat([text('x')]);
    const [logged] = sb.state.requests;
    expect(Date.parse(logged.answeredAt ?? '')).toBeGreaterThanOrEqual(Date.parse(logged.at));
  });

  test('latencyMs delays answers', async () => {
    const slow = await startSandbox({ latencyMs: 150 });
    try {
      const t = Date.now();
      await call('GET', '/phone-numbers', { base: slow, headers: slow.authHeaders() });
      expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });

  test('latencyJitterMs answers requests sent together in another order', async () => {
    const jittery = await startSandbox({ latencyMs: 10, latencyJitterMs: 60 });
    try {
      const answered = /** @type {number[]} */ ([]);
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          await call('GET', '/phone-numbers', { base: jittery, headers: jittery.authHeaders() });
          answered.push(i);
        }),
      );
      expect(answered).not.toEqual([...answered].sort((a, b) => a - b));
    } finally {
      await jittery.close();
    }
  });
});

describe('cli', () => {
  test('prints its url and secret, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), '--secret', 'abcdefabcdefabcdefabcdefabcdefab'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise((resolve, reject) => {
        readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited early (${code})`)));
      });
      const info = JSON.parse(/** @type {string} */ (line));
      expect(info).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), signingSecret: 'abcdefabcdefabcdefabcdefabcdefab' });
      expect(info.phoneUrl).toBe(`${info.url}/phone`);
      expect((await fetch(info.phoneUrl)).headers.get('content-type')).toBe('text/html; charset=utf-8');
      const r = await fetch(`${info.url}/api/v1/phone-numbers`, { headers: { authorization: `Bearer ${info.signingSecret}` } });
      expect(r.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

describe('webhook deliveries', () => {
  const http = require('node:http');
  /** @type {import('./index').Sandbox} */
  let box;
  /** @type {http.Server} */
  let receiver;
  /** @type {Array<{ headers: http.IncomingHttpHeaders, raw: string }>} */
  let received;
  /** @type {number[]} answers the receiver gives in turn (then 200) */
  let answers;
  let hookUrl = '';

  beforeAll(async () => {
    box = await startSandbox({ allowHttpWebhooks: true, webhookRetryDelaysMs: [10, 20, 40] });
    receiver = http.createServer((req, res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answers.shift() ?? 200).end('ok');
      });
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
    hookUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (receiver.address()).port}/hook`;
  });
  afterAll(async () => {
    await box.close();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    box.reset();
    received = [];
    answers = [];
  });

  /** @param {string[]} [events] */
  async function subscribe(events) {
    const c = await call('POST', '/webhook-subscriptions', { base: box, body: { url: hookUrl, events } });
    expect(c.status).toBe(200);
    return c.json.subscription;
  }

  async function chat() {
    return (await call('POST', '/chats', { base: box, body: { from: FROM, to: ALICE, message: { parts: [text('hi')] } } })).json.chat;
  }

  test('plain http URLs are refused unless the sandbox allows them', async () => {
    expectError(await call('POST', '/webhook-subscriptions', { body: { url: hookUrl } }), 400, 1002);
    expect((await call('POST', '/webhook-subscriptions', { base: box, body: { url: hookUrl } })).status).toBe(200);
  });

  test('an inbound message is delivered, signed with the subscription secret over the raw body', async () => {
    const sub = await subscribe(['message.received']);
    const { event, deliveries } = box.addInboundMessage({ chatId: (await chat()).id, text: 'Is it shipped?' });
    expect(await deliveries).toEqual([expect.objectContaining({ status: 200, attempt: 1, eventId: event.id })]);
    const [{ headers, raw }] = received;
    expect(headers).toMatchObject({
      'x-webhook-event': 'message.received',
      'x-webhook-event-id': event.id,
      'x-webhook-subscription-id': sub.id,
      'content-type': 'application/json',
    });
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['x-webhook-signature']));
    expect(m).not.toBeNull();
    const hex = crypto.createHmac('sha256', sub.secret).update(`${m?.[1]}.${raw}`).digest('hex');
    expect(m?.[2]).toBe(hex);
    expect(JSON.parse(raw)).toEqual(event.payload);
    expect(JSON.parse(raw).data.message.parts).toEqual([{ type: 'text', value: 'Is it shipped?' }]);
  });

  test('the envelope carries handles as documented: objects { handle, service, is_me }', async () => {
    const c = await chat();
    const { event, message } = box.addInboundMessage({ chatId: c.id, text: 'Sure, what time?', deliver: false });
    const me = { handle: FROM, service: 'imessage', is_me: true };
    const alice = { handle: ALICE, service: 'imessage', is_me: false };
    expect(event.payload).toMatchObject({ event: 'message.received', event_type: 'message.received', api_version: 'v1', webhook_version: '2026-05-04' });
    expect(event.payload.data).toEqual({
      chat: { id: c.id, is_group: false, handles: [me, alice], owner_handle: me },
      message: { id: message.id, direction: 'inbound', sender_handle: alice, parts: [text('Sure, what time?')] },
    });
    for (const key of ['from', 'to', 'text', 'message_guid', 'line_id']) expect(event.payload).not.toHaveProperty(key);
  });

  test('on request, the legacy shapes: handles as strings, top-level aliases', async () => {
    const c = await chat();
    const strings = box.addInboundMessage({ chatId: c.id, text: 'hi', handleFormat: 'string', deliver: false });
    expect(strings.event.payload.data).toMatchObject({
      chat: { handles: [FROM, ALICE], owner_handle: FROM },
      message: { sender_handle: ALICE },
    });
    const aliased = box.addInboundMessage({ chatId: c.id, text: 'hi', legacyAliases: true, deliver: false });
    expect(aliased.event.payload).toMatchObject({ from: ALICE, to: FROM, text: 'hi', message_guid: aliased.message.id, line_id: 'line_1' });
    expect(aliased.event.payload.data).toMatchObject({ message: { sender_handle: { handle: ALICE, service: 'imessage', is_me: false } } });
  });

  test('only active subscriptions that want the event get it; empty events = all', async () => {
    await subscribe(['reaction.added']);
    const all = await subscribe([]);
    const off = await subscribe(['message.received']);
    await call('PATCH', `/webhook-subscriptions/${off.id}`, { base: box, body: { is_active: false } });
    const results = await box.addInboundMessage({ chatId: (await chat()).id }).deliveries;
    expect(results.map((r) => r.subscriptionId)).toEqual([all.id]);
  });

  test('5xx and no answer are retried up to 3 times; 4xx is not', async () => {
    await subscribe();
    answers = [500, 503, 200];
    expect((await box.addInboundMessage({ chatId: (await chat()).id }).deliveries)[0]).toMatchObject({ status: 200, attempt: 3 });
    answers = [500, 500, 500, 500];
    expect((await box.addInboundMessage({ chatId: (await chat()).id }).deliveries)[0]).toMatchObject({ status: 500, attempt: 4 });
    answers = [401];
    expect((await box.addInboundMessage({ chatId: (await chat()).id }).deliveries)[0]).toMatchObject({ status: 401, attempt: 1 });
  });

  test('deliverEvent: legacy format, the other header, nested payload.data, pretty bytes', async () => {
    const sub = await subscribe();
    const { event } = box.addInboundMessage({ chatId: (await chat()).id, deliver: false });
    await box.deliverEvent(sub.id, event, { signatureFormat: 'legacy', signatureHeader: 'x-chert-signature', shape: 'payload.data', bodyFormat: 'pretty' });
    const [{ headers, raw }] = received;
    expect(headers['x-webhook-signature']).toBeUndefined();
    const m = /^v1,(\d+),([0-9a-f]{64})$/.exec(String(headers['x-chert-signature']));
    expect(m?.[2]).toBe(crypto.createHmac('sha256', sub.secret).update(`${m?.[1]}.${raw}`).digest('hex'));
    expect(raw).toContain('\n  ');
    const { data, ...rest } = event.payload;
    expect(JSON.parse(raw)).toEqual({ ...rest, payload: { data } });
  });

  test.each([
    ['wrong-secret', (/** @type {any} */ r, /** @type {string} */ secret) => expect(verifies(r, secret)).toBe(false)],
    ['altered-body', (/** @type {any} */ r, /** @type {string} */ secret) => {
      expect(verifies(r, secret)).toBe(false);
      expect(JSON.parse(r.raw).altered).toBe(true);
    }],
    ['stale-timestamp', (/** @type {any} */ r, /** @type {string} */ secret) => {
      expect(verifies(r, secret)).toBe(true);
      expect(Math.floor(Date.now() / 1000) - Number(/t=(\d+)/.exec(r.headers['x-webhook-signature'])?.[1])).toBeGreaterThan(300);
    }],
    ['missing-signature', (/** @type {any} */ r) => expect(r.headers['x-webhook-signature']).toBeUndefined()],
    ['malformed-signature', (/** @type {any} */ r) => expect(r.headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/)],
  ])('deliverEvent with tamper %s', async (tamper, check) => {
    const sub = await subscribe();
    const { event } = box.addInboundMessage({ chatId: (await chat()).id, deliver: false });
    const result = await box.deliverEvent(sub.id, event, { tamper: /** @type {any} */ (tamper) });
    expect(result).toMatchObject({ status: 200, tamper, eventId: event.id });
    check(received[0], sub.secret);
  });

  /** @param {{ headers: http.IncomingHttpHeaders, raw: string }} r @param {string} secret */
  function verifies(r, secret) {
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-webhook-signature']));
    return m !== null && crypto.createHmac('sha256', secret).update(`${m[1]}.${r.raw}`).digest('hex') === m[2];
  }
});

describe('group management', () => {
  const DAVE = '+15551110004';

  async function newGroup(to = [ALICE, BOB, CAROL]) {
    const c = await newChat([text('hi all')], to);
    expect(c.status).toBe(200);
    return /** @type {string} */ (c.json.chat.id);
  }

  test('adds a participant (E.164, email or the `handle` alias); a re-add changes nothing', async () => {
    const id = await newGroup();
    const added = await call('POST', `/chats/${id}/participants`, { body: { address: DAVE } });
    expect(added.json).toEqual({ chat_id: id, added: DAVE, participants: [ALICE, BOB, CAROL, DAVE] });
    const again = await call('POST', `/chats/${id}/participants`, { body: { address: DAVE } });
    expect(again.json).toEqual(added.json);
    const email = await call('POST', `/chats/${id}/participants`, { body: { handle: 'ana@example.com' } });
    expect(email.json.participants).toEqual([ALICE, BOB, CAROL, DAVE, 'ana@example.com']);
    expectError(await call('POST', `/chats/${id}/participants`, { body: {} }), 400, 1001);
    expectError(await call('POST', `/chats/${id}/participants`, { body: { address: '555-1234' } }), 400, 1003);
  });

  test('removes a participant once: the second removal is 1001, below 3 members is 1002', async () => {
    const id = await newGroup();
    const removed = await call('DELETE', `/chats/${id}/participants/${encodeURIComponent(CAROL)}`);
    expect(removed.json).toEqual({ chat_id: id, removed: CAROL, participants: [ALICE, BOB] });
    const again = await call('DELETE', `/chats/${id}/participants/${encodeURIComponent(CAROL)}`);
    expectError(again, 400, 1001);
    expect(again.json.error.message).toMatch(/not in the group/);
    expectError(await call('DELETE', `/chats/${id}/participants/${encodeURIComponent(BOB)}`), 400, 1002);
  });

  test('a body-less DELETE is signed over the empty body', async () => {
    const id = await newGroup();
    const r = await call('DELETE', `/chats/${id}/participants/%2B15551110003`, { headers: sb.authHeaders({ hmac: true }) });
    expect(r.status).toBe(200);
    expect(sb.state.requests.at(-1)?.auth).toBe('hmac');
  });

  test('updates the name (trimmed) and/or an https icon; refuses an empty name, http icons and neither', async () => {
    const id = await newGroup();
    const icon = 'https://cdn.example.com/acme-icon.png';
    const r = await call('PUT', `/chats/${id}`, { body: { display_name: '  Acme launch crew ', group_chat_icon: icon } });
    expect(r.json).toEqual({ chat: { id, display_name: 'Acme launch crew', group_chat_icon: icon, is_group: true } });
    expect((await call('PUT', `/chats/${id}`, { body: { display_name: 'Renamed' } })).json.chat).toMatchObject({
      display_name: 'Renamed',
      group_chat_icon: icon,
    });
    expectError(await call('PUT', `/chats/${id}`, { body: { display_name: '   ' } }), 400, 1002);
    expectError(await call('PUT', `/chats/${id}`, { body: { group_chat_icon: 'http://cdn.example.com/i.png' } }), 400, 1002);
    expectError(await call('PUT', `/chats/${id}`, { body: {} }), 400, 1001);
  });

  test('a direct chat is 1006 on every group route; an unknown chat 2002', async () => {
    const dm = (await newChat([text('hi')])).json.chat.id;
    expectError(await call('POST', `/chats/${dm}/participants`, { body: { address: DAVE } }), 400, 1006);
    expectError(await call('DELETE', `/chats/${dm}/participants/${encodeURIComponent(ALICE)}`), 400, 1006);
    expectError(await call('PUT', `/chats/${dm}`, { body: { display_name: 'x' } }), 400, 1006);
    expectError(await call('PUT', '/chats/nope', { body: { display_name: 'x' } }), 404, 2002);
  });
});

describe('events log and replay', () => {
  const http = require('node:http');
  /** @type {import('./index').Sandbox} */
  let box;
  /** @type {http.Server} */
  let receiver;
  /** @type {number[]} answers the receiver gives in turn (then 200) */
  let answers;
  let hookUrl = '';

  beforeAll(async () => {
    box = await startSandbox({ allowHttpWebhooks: true, webhookRetryDelaysMs: [] });
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answers.shift() ?? 200).end('ok'));
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
    hookUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (receiver.address()).port}/hook`;
  });
  afterAll(async () => {
    await box.close();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    box.reset();
    answers = [];
  });

  /** @param {string} apiPath @param {Parameters<typeof call>[2]} [o] */
  const api = (method = 'GET', apiPath = '', o = {}) => call(method, apiPath, { base: box, ...o });

  async function subscribe(url = hookUrl) {
    return /** @type {string} */ ((await api('POST', '/webhook-subscriptions', { body: { url } })).json.subscription.id);
  }

  test('rows as documented, newest first, with the delivery and its attempts', async () => {
    const sub = await subscribe();
    answers = [500];
    const first = box.addEvent({ type: 'reaction.added', data: {}, leadId: 'lead-1' });
    await first.deliveries;
    const second = box.addEvent({ type: 'message.received', data: {}, leadId: 'lead-2' });
    await second.deliveries;
    const r = await api('GET', '/events');
    expect(r.json).toMatchObject({ count: 2, next_cursor: null });
    const [newest, oldest] = r.json.events;
    expect(newest).toEqual({
      id: second.event.id,
      type: 'message.received',
      event_id: second.event.payload.event_id,
      lead_id: 'lead-2',
      convo_id: 'lead-2',
      payload: second.event.payload,
      delivery: {
        status: 'delivered',
        url: hookUrl,
        attempts: [{ at: expect.any(String), status: 200, duration_ms: null, subscription_id: sub }],
        delivered_at: expect.any(String),
      },
      created_at: expect.any(String),
    });
    expect(oldest.delivery.status).toBe('failed');
    expect((await api('GET', '/events?status=failed')).json.events.map((/** @type {any} */ e) => e.id)).toEqual([first.event.id]);
    expect((await api('GET', '/events?type=message.received')).json.count).toBe(1);
    expect((await api('GET', '/events?lead_id=lead-1')).json.count).toBe(1);
    expectError(await api('GET', '/events?status=lost'), 400, 1002);
    expectError(await api('GET', '/events?limit=201'), 400, 1002);
    expectError(await api('GET', '/events?since=yesterday'), 400, 1002);
  });

  test('pages with limit and next_cursor; since keeps events strictly after it', async () => {
    let clock = Date.parse('2026-05-01T00:00:00.000Z');
    const timed = await startSandbox({ now: () => clock });
    try {
      const ids = [];
      for (let i = 0; i < 5; i++) {
        clock += 1000;
        ids.push(timed.addEvent({ type: 'message.received', data: {}, deliver: false }).event.id);
      }
      const seen = [];
      let cursor = '';
      for (let page = 0; page < 5; page++) {
        const r = await call('GET', `/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { base: timed, headers: timed.authHeaders() });
        seen.push(...r.json.events.map((/** @type {any} */ e) => e.id));
        expect(r.json.count).toBe(r.json.events.length);
        if (r.json.next_cursor === null) break;
        cursor = r.json.next_cursor;
      }
      expect(seen).toEqual([...ids].reverse());
      const since = await call('GET', `/events?since=${encodeURIComponent('2026-05-01T00:00:03.000Z')}`, {
        base: timed,
        headers: timed.authHeaders(),
      });
      expect(since.json.events.map((/** @type {any} */ e) => e.id)).toEqual([ids[4], ids[3]]);
    } finally {
      await timed.close();
    }
  });

  test('GET /events/{id} answers the row with the attempts\' errors; unknown is 404 / 2011', async () => {
    const sub = await subscribe('http://127.0.0.1:1/unreachable');
    const { event, deliveries } = box.addEvent({ type: 'message.received', data: {} });
    await deliveries;
    const r = await api('GET', `/events/${event.id}`);
    expect(r.json.id).toBe(event.id);
    expect(r.json.delivery.attempts).toEqual([
      { at: expect.any(String), status: 0, duration_ms: null, subscription_id: sub, error: expect.any(String) },
    ]);
    expectError(await api('GET', '/events/evt_nope'), 404, 2011);
  });

  test('replay re-fires to the event\'s subscription or the one named; 2011, 1002 and 3004 in the replay shape', async () => {
    const sub = await subscribe();
    const { event, deliveries } = box.addEvent({ type: 'message.received', data: {} });
    await deliveries;
    const ok = await api('POST', `/events/${event.id}/replay`);
    expect({ status: ok.status, json: ok.json }).toEqual({ status: 200, json: { ok: true, error: null, downstream_status: 200 } });
    expect(box.state.webhookDeliveries.filter((d) => d.eventId === event.id)).toHaveLength(2);

    answers = [503];
    const failed = await api('POST', `/events/${event.id}/replay?subscription_id=${sub}`);
    expect({ status: failed.status, json: failed.json }).toEqual({
      status: 502,
      json: {
        ok: false,
        error: expect.stringContaining('503'),
        downstream_status: 503,
        code: 3004,
        message: expect.any(String),
        retryable: true,
        trace_id: failed.headers.get('x-trace-id'),
      },
    });

    const missing = await api('POST', '/events/evt_nope/replay');
    expect({ status: missing.status, code: missing.json.code, ok: missing.json.ok, retryable: missing.json.retryable }).toEqual({
      status: 404,
      code: 2011,
      ok: false,
      retryable: false,
    });
    const nowhere = await api('POST', `/events/${event.id}/replay?subscription_id=sub_nope`);
    expect({ status: nowhere.status, code: nowhere.json.code }).toEqual({ status: 400, code: 1002 });
  });

  test('replay of an event with no destination (none, or only the dev inbox) is 400 / 1002', async () => {
    const { event } = box.addEvent({ type: 'message.received', data: {}, deliver: false });
    const r = await api('POST', `/events/${event.id}/replay`);
    expect({ status: r.status, code: r.json.code, retryable: r.json.retryable }).toEqual({ status: 400, code: 1002, retryable: false });
    const inbox = await subscribe('https://dev-inbox');
    const toInbox = await api('POST', `/events/${event.id}/replay?subscription_id=${inbox}`);
    expect({ status: toInbox.status, code: toInbox.json.code }).toEqual({ status: 400, code: 1002 });
  });
});

describe('webhook subscriptions list, get, update, delete', () => {
  test('never answer the secret after creation; PATCH sets is_active; DELETE answers { id, deleted }', async () => {
    const created = await call('POST', '/webhook-subscriptions', { body: { url: 'https://hook.example/a' } });
    const id = created.json.subscription.id;
    const listed = await call('GET', '/webhook-subscriptions');
    expect(listed.json.subscriptions).toEqual([expect.objectContaining({ id, url: 'https://hook.example/a', is_active: true })]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.subscription.secret);
    const off = await call('PATCH', `/webhook-subscriptions/${id}`, { body: { is_active: false } });
    expect(off.json.subscription).toMatchObject({ id, is_active: false });
    expect(off.json.subscription.secret).toBeUndefined();
    expectError(await call('PATCH', `/webhook-subscriptions/${id}`, { body: { is_active: 'no' } }), 400, 1002);
    expect((await call('DELETE', `/webhook-subscriptions/${id}`)).json).toEqual({ id, deleted: true });
    expectError(await call('DELETE', `/webhook-subscriptions/${id}`), 404, 1002);
  });
});
