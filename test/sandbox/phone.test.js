// @ts-check
'use strict';

/**
 * The phone page (the demo's customer view): its state, the customer's replies and
 * tapbacks going out as Chert would deliver them, attachment bytes, and text kept out of
 * the markup.
 */

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { startSandbox } = require('./index');
const { openSse } = require('./sseReader');

const FROM = '+15550000001';
const ALICE = '+15551110001';
const BOB = '+15551110002';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** @type {import('./index').Sandbox} */
let sb;
/** @type {http.Server} */
let hook;
/** @type {Array<{ headers: http.IncomingHttpHeaders, body: any }>} */
const received = [];

beforeAll(async () => {
  sb = await startSandbox({ allowHttpWebhooks: true, webhookRetryDelaysMs: [] });
  hook = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => hook.listen(0, '127.0.0.1', () => resolve(undefined)));
});
afterAll(async () => {
  await sb.close();
  await new Promise((resolve) => hook.close(() => resolve(undefined)));
});
beforeEach(() => {
  sb.reset();
  received.length = 0;
});

/** @param {string} method @param {string} apiPath @param {unknown} [body] */
async function api(method, apiPath, body) {
  const res = await fetch(`${sb.url}/api/v1${apiPath}`, {
    method,
    headers: { 'content-type': 'application/json', ...sb.authHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: /** @type {any} */ (await res.json()) };
}

/** A request to the phone page's own routes: no credentials. @param {string} method @param {string} p @param {unknown} [body] */
async function phone(method, p, body) {
  const res = await fetch(`${sb.url}${p}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: /** @type {any} */ (type.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : undefined) };
}

/** @param {string | string[]} to @param {string} [text] */
async function chat(to = ALICE, text = 'Your order shipped') {
  const c = await api('POST', '/chats', { from: FROM, to, message: { parts: [{ type: 'text', value: text }] } });
  expect(c.status).toBe(200);
  return { chatId: /** @type {string} */ (c.json.chat.id), messageId: /** @type {string} */ (c.json.message.id) };
}

async function uploaded() {
  const created = await api('POST', '/attachments', { filename: 'box.png', content_type: 'image/png', size_bytes: PNG.length });
  const put = await fetch(created.json.upload_url, { method: 'PUT', headers: created.json.required_headers, body: PNG });
  expect(put.status).toBe(200);
  return /** @type {string} */ (created.json.attachment_id);
}

async function subscribe() {
  const address = /** @type {import('node:net').AddressInfo} */ (hook.address());
  const s = await api('POST', '/webhook-subscriptions', { url: `http://127.0.0.1:${address.port}/hook` });
  expect(s.status).toBe(200);
  return /** @type {string} */ (s.json.subscription.id);
}

/** @param {string} chatId */
async function chatState(chatId) {
  const s = await phone('GET', '/phone/state');
  expect(s.status).toBe(200);
  return s.json.chats.find((/** @type {{ id: string }} */ c) => c.id === chatId);
}

describe('GET /phone/state', () => {
  test('lists each chat with its messages, parts, edits and reactions, oldest first', async () => {
    const { chatId, messageId } = await chat();
    const attachmentId = await uploaded();
    await api('POST', `/chats/${chatId}/messages`, {
      message: { parts: [{ type: 'media', attachment_id: attachmentId }, { type: 'rich_link', url: 'https://shop.example/track/1', title: 'Track', summary: 'On its way' }] },
    });
    await api('POST', `/messages/${messageId}/edit`, { new_text: 'Your order has shipped' });
    await api('POST', `/messages/${messageId}/react`, { reaction: 'like' });
    sb.addInboundMessage({ chatId, text: 'Thanks!', deliver: false });
    const other = await chat(BOB, 'Hello Bob');

    const state = (await phone('GET', '/phone/state')).json;
    expect(state.chats.map((/** @type {{ id: string }} */ c) => c.id)).toEqual([chatId, other.chatId]);
    const c = state.chats[0];
    expect(c).toMatchObject({ id: chatId, is_group: false, line: FROM, customers: [ALICE] });
    expect(c.messages).toEqual([
      expect.objectContaining({
        id: messageId,
        direction: 'outbound',
        sender: FROM,
        edited: true,
        parts: [{ type: 'text', value: 'Your order has shipped' }],
        reactions: [{ reaction: 'like', from: null }],
      }),
      expect.objectContaining({
        direction: 'outbound',
        edited: false,
        parts: [
          { type: 'media', attachment_id: attachmentId, url: `/phone/attachments/${attachmentId}`, content_type: 'image/png', filename: 'box.png' },
          expect.objectContaining({ type: 'rich_link', url: 'https://shop.example/track/1', title: 'Track', summary: 'On its way' }),
        ],
      }),
      expect.objectContaining({ direction: 'inbound', sender: ALICE, parts: [{ type: 'text', value: 'Thanks!' }], reactions: [] }),
    ]);
  });

  test('is no API call: needs no credentials, stays out of the request log and leaves queued faults alone', async () => {
    sb.injectFault({ kind: 'error', code: 3001 });
    expect((await phone('GET', '/phone/state')).status).toBe(200);
    expect((await phone('GET', '/phone')).status).toBe(200);
    expect(sb.state.requests).toEqual([]);
    expect((await api('GET', '/phone-numbers')).status).toBe(500);
  });
});

describe('GET /phone/attachments/{id}', () => {
  test('serves the uploaded bytes with their type', async () => {
    const id = await uploaded();
    const r = await phone('GET', `/phone/attachments/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.bytes.equals(PNG)).toBe(true);
  });

  test('answers 404 / 5001 for an unknown id and 409 / 5004 before the upload', async () => {
    expect((await phone('GET', '/phone/attachments/nope')).json.error.code).toBe(5001);
    const created = await api('POST', '/attachments', { filename: 'a.png', content_type: 'image/png', size_bytes: 4 });
    const r = await phone('GET', `/phone/attachments/${created.json.attachment_id}`);
    expect({ status: r.status, code: r.json.error.code }).toEqual({ status: 409, code: 5004 });
  });
});

describe('POST /phone/chats/{chatId}/reply', () => {
  test('records an inbound message from the customer and delivers it to webhooks, the events log and open streams', async () => {
    const { chatId } = await chat();
    const subscriptionId = await subscribe();
    const stream = await openSse(`${sb.url}/api/v1/events/stream`, sb.authHeaders());
    for (let i = 0; i < 100 && sb.openStreams() === 0; i++) await new Promise((r) => setTimeout(r, 10));

    const r = await phone('POST', `/phone/chats/${chatId}/reply`, { text: 'Where is it now?' });
    expect(r.status).toBe(201);
    const { message_id: messageId, event_id: eventId } = r.json;

    const streamed = await stream.nextData();
    expect(streamed).toMatchObject({
      event: 'message.received',
      event_id: eventId,
      data: {
        chat: { id: chatId },
        message: { id: messageId, direction: 'inbound', sender_handle: { handle: ALICE, is_me: false }, parts: [{ type: 'text', value: 'Where is it now?' }] },
      },
    });
    await sb.deliveriesSettled();
    expect(received).toHaveLength(1);
    expect(received[0].headers['x-webhook-subscription-id']).toBe(subscriptionId);
    expect(received[0].body).toEqual(streamed);
    const log = await api('GET', '/events');
    expect(log.json.events).toEqual([expect.objectContaining({ id: eventId, type: 'message.received', lead_id: chatId, delivery: expect.objectContaining({ status: 'delivered' }) })]);
    expect((await chatState(chatId)).messages.at(-1)).toMatchObject({ id: messageId, direction: 'inbound', sender: ALICE });
    stream.close();
  });

  test('in a group, answers as the customer named in `from`', async () => {
    const { chatId } = await chat([ALICE, BOB], 'Hi both');
    const r = await phone('POST', `/phone/chats/${chatId}/reply`, { text: 'Bob here', from: BOB });
    expect(r.status).toBe(201);
    expect((await chatState(chatId)).messages.at(-1)).toMatchObject({ sender: BOB });
    expect(sb.state.events[0].payload).toMatchObject({ data: { message: { sender_handle: { handle: BOB } } } });
  });

  test.each([
    ['no text', {}, 400, 1001],
    ['blank text', { text: '  ' }, 400, 1002],
    ['a sender who is not in the chat', { text: 'hi', from: '+15559999999' }, 400, 1002],
  ])('refuses %s', async (_name, body, status, code) => {
    const { chatId } = await chat();
    const r = await phone('POST', `/phone/chats/${chatId}/reply`, body);
    expect({ status: r.status, code: r.json.error.code }).toEqual({ status, code });
    expect(sb.state.events).toEqual([]);
  });

  test('answers 404 / 2002 for an unknown chat', async () => {
    const r = await phone('POST', '/phone/chats/nope/reply', { text: 'hi' });
    expect({ status: r.status, code: r.json.error.code }).toEqual({ status: 404, code: 2002 });
  });
});

describe('POST /phone/messages/{messageId}/react', () => {
  test('records the tapback as reaction.added, delivered like any event', async () => {
    const { chatId, messageId } = await chat();
    await subscribe();
    const stream = await openSse(`${sb.url}/api/v1/events/stream`, sb.authHeaders());
    for (let i = 0; i < 100 && sb.openStreams() === 0; i++) await new Promise((r) => setTimeout(r, 10));

    const r = await phone('POST', `/phone/messages/${messageId}/react`, { reaction: 'love' });
    expect(r.status).toBe(201);
    const expected = {
      event: 'reaction.added',
      event_id: r.json.event_id,
      data: { chat: { id: chatId }, message: { id: messageId, direction: 'outbound' }, reaction: 'love', sender_handle: { handle: ALICE, is_me: false } },
    };
    expect(await stream.nextData()).toMatchObject(expected);
    await sb.deliveriesSettled();
    expect(received).toHaveLength(1);
    expect(received[0].body).toMatchObject(expected);
    expect((await api('GET', '/events?type=reaction.added')).json.count).toBe(1);
    expect((await chatState(chatId)).messages[0].reactions).toEqual([{ reaction: 'love', from: ALICE }]);
    stream.close();
  });

  test('refuses an unknown reaction (1002) and an unknown message (404 / 2003)', async () => {
    const { messageId } = await chat();
    const bad = await phone('POST', `/phone/messages/${messageId}/react`, { reaction: 'wow' });
    expect({ status: bad.status, code: bad.json.error.code }).toEqual({ status: 400, code: 1002 });
    const missing = await phone('POST', '/phone/messages/nope/react', { reaction: 'like' });
    expect({ status: missing.status, code: missing.json.error.code }).toEqual({ status: 404, code: 2003 });
    expect(sb.state.events).toEqual([]);
  });
});

describe('GET /phone', () => {
  test('serves the page with a nonce-only script policy and no message text in the markup', async () => {
    const injected = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';
    const { chatId } = await chat(ALICE, injected);
    sb.addInboundMessage({ chatId, text: injected, deliver: false });
    const r = await phone('GET', '/phone');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = r.bytes.toString('utf8');
    expect(html).not.toContain('pwned');
    const nonce = /script-src 'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    // Every script on the page carries the nonce: nothing else may run.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual([`<script nonce="${nonce}">`]);
    // The text reaches the page only as JSON data.
    const state = await phone('GET', '/phone/state');
    expect(state.headers.get('content-type')).toMatch(/^application\/json/);
    expect(state.json.chats[0].messages.map((/** @type {any} */ m) => m.parts[0].value)).toEqual([injected, injected]);
  });

  test('puts data into the DOM as text only', () => {
    const source = fs.readFileSync(path.join(__dirname, 'phone', 'page.html'), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
      expect(source).not.toContain(sink);
    }
    expect(source).toContain('textContent');
  });
});
