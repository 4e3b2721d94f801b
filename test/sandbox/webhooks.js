// @ts-check
'use strict';

const crypto = require('node:crypto');
const { newId } = require('./store');
const { requireChat } = require('./sending');
const { validateParts } = require('./validate');

/**
 * Inbound side, for tests of triggers: simulated inbound messages (stored, logged as
 * events, delivered to matching subscriptions) and webhook deliveries signed the
 * documented way — or deliberately not, to test that a receiver refuses them.
 */

/**
 * Signature header value of a webhook delivery: HMAC-SHA256 of
 * "<ts>.<raw body>" keyed by the subscription's own secret.
 * @param {string} subscriptionSecret
 * @param {string | Buffer} rawBody
 * @param {{ timestamp?: number, format?: 't=' | 'legacy' }} [opts] format 't=' gives
 *   `t=<ts>,v1=<hex>`, 'legacy' gives `v1,<ts>,<hex>`
 */
function signWebhook(subscriptionSecret, rawBody, opts = {}) {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const hex = crypto
    .createHmac('sha256', subscriptionSecret)
    .update(Buffer.concat([Buffer.from(`${ts}.`, 'utf8'), body]))
    .digest('hex');
  return opts.format === 'legacy' ? `v1,${ts},${hex}` : `t=${ts},v1=${hex}`;
}

/**
 * Records an event whose payload is the documented webhook envelope.
 * @param {import('./store').Store} store
 * @param {import('./config').Config} config
 * @param {{ type: string, leadId: string | null, data: Record<string, unknown> }} a
 */
function recordEvent(store, config, a) {
  const nowIso = new Date(config.nowMs()).toISOString();
  const eventId = newId();
  const payload = {
    event: a.type,
    event_id: eventId,
    timestamp: nowIso,
    api_version: 'v1',
    webhook_version: '2026-05-04',
    event_type: a.type,
    trace_id: crypto.randomBytes(16).toString('hex'),
    partner_id: config.tenantSlug,
    data: a.data,
  };
  /** @type {import('./store').ChertEvent} */
  const event = { id: eventId, type: a.type, status: 'delivered', lead_id: a.leadId, created_at: nowIso, payload, replays: 0 };
  // Logged whether or not any subscription wants it: a stream client (a tenant without a
  // public URL has no subscription) reads the same log.
  store.events.push(event);
  store.streams.publish(event);
  return event;
}

/**
 * @typedef {'object' | 'string'} HandleFormat `object` = `{ handle, service, is_me }` as Chert
 *   documents webhook handles; `string` = the bare phone, as older deliveries had it
 */

/**
 * A webhook handle: `{ handle, service, is_me }`, or the bare address in the legacy form.
 * @param {string} address @param {boolean} isMe @param {HandleFormat} [format]
 */
function webhookHandle(address, isMe, format = 'object') {
  return format === 'string' ? address : { handle: address, service: 'imessage', is_me: isMe };
}

/**
 * `data.chat` of the envelope: the chat with its handles, ours (the line) marked `is_me`.
 * @param {import('./store').Chat} chat
 * @param {HandleFormat} [format]
 */
function envelopeChat(chat, format = 'object') {
  return {
    id: chat.id,
    is_group: chat.is_group,
    handles: [webhookHandle(chat.from, true, format), ...chat.handles.map((h) => webhookHandle(h.address, false, format))],
    owner_handle: webhookHandle(chat.from, true, format),
  };
}

/**
 * Stores an inbound message in a chat, records a `message.received` event whose payload
 * is the documented webhook envelope, and (unless `deliver: false`) delivers it to every
 * active subscription that wants the event, retrying as Chert documents. On request the
 * envelope takes the legacy shapes instead: `handleFormat: 'string'` (bare phones for
 * handles), `legacyAliases: true` (top-level `from`, `to`, `text`, `message_guid`,
 * `line_id` beside `data`).
 * @param {import('./store').Store} store
 * @param {import('./config').Config} config
 * @param {InboundMessageInput} a
 */
function addInboundMessage(store, config, a) {
  const chat = requireChat(store, a.chatId);
  const parts = validateParts(a.parts ?? [{ type: 'text', value: a.text ?? 'hello' }], {
    firstMessage: false,
    isGroup: chat.is_group,
    maxTextLength: 0,
    attachments: store.attachments,
  });
  const nowMs = config.nowMs();
  const nowIso = new Date(nowMs).toISOString();
  const sender = a.from ?? chat.handles[0].address;
  /** @type {import('./store').Message} */
  const message = {
    id: newId(),
    chat_id: chat.id,
    parts,
    status: 'delivered',
    direction: 'inbound',
    created_at: nowIso,
    delivered_at: nowIso,
    read_at: null,
    service: 'imessage',
    sender_handle: sender,
    created_ms: nowMs,
    date_edited: null,
    edit_history: [],
    reactions: [],
    kind: 'message',
  };
  store.messages.set(message.id, message);
  chat.message_ids.push(message.id);

  const format = a.handleFormat ?? 'object';
  const event = recordEvent(store, config, {
    type: 'message.received',
    leadId: chat.id,
    data: {
      chat: envelopeChat(chat, format),
      message: {
        id: message.id,
        direction: 'inbound',
        sender_handle: webhookHandle(sender, false, format),
        parts: structuredClone(parts),
      },
    },
  });
  if (a.legacyAliases) {
    const text = parts.filter((p) => p.type === 'text').map((p) => p.value).join('\n');
    Object.assign(event.payload, {
      from: sender,
      to: chat.from,
      ...(text ? { text } : {}),
      message_guid: message.id,
      line_id: chat.phone_line_id,
    });
  }
  const deliveries = a.deliver === false ? Promise.resolve([]) : deliverToSubscribers(store, config, event);
  return { message, event, deliveries };
}

/**
 * @typedef {{
 *   chatId: string, from?: string, parts?: Array<Record<string, unknown>>, text?: string, deliver?: boolean,
 *   handleFormat?: HandleFormat, legacyAliases?: boolean
 * }} InboundMessageInput
 */

/**
 * @typedef {'wrong-secret' | 'altered-body' | 'stale-timestamp' | 'missing-signature' | 'malformed-signature'} Tamper
 * @typedef {{
 *   tamper?: Tamper,
 *   signatureFormat?: 't=' | 'legacy',
 *   signatureHeader?: 'x-webhook-signature' | 'x-chert-signature',
 *   timestamp?: number,
 *   secret?: string,
 *   shape?: 'data' | 'payload.data',
 *   bodyFormat?: 'compact' | 'pretty',
 *   attempt?: number
 * }} DeliveryOptions
 */

/** @param {Record<string, unknown>} envelope @param {'data' | 'payload.data' | undefined} shape */
function shaped(envelope, shape) {
  if (shape !== 'payload.data') return envelope;
  const { data, ...rest } = envelope;
  return { ...rest, payload: { data } };
}

/**
 * POSTs one delivery of `event` (a recorded event, or any envelope object) to a
 * subscription's URL, signed with the subscription's secret — or, with `tamper`, made
 * wrong on purpose. Chert's retries are not applied here: call it again to replay.
 * @param {import('./store').Store} store
 * @param {import('./config').Config} config
 * @param {string} subscriptionId
 * @param {import('./store').ChertEvent | Record<string, unknown>} event
 * @param {DeliveryOptions} [opts]
 * @returns {Promise<import('./store').WebhookDelivery & { rawBody: string }>}
 */
async function deliverEvent(store, config, subscriptionId, event, opts = {}) {
  const sub = store.subscriptions.get(subscriptionId);
  if (!sub) throw new Error(`sandbox: no webhook subscription ${subscriptionId}`);
  const envelope = /** @type {Record<string, unknown>} */ (
    'payload' in event && typeof event.id === 'string' && 'replays' in event ? event.payload : event
  );
  const body = shaped(envelope, opts.shape);
  const rawBody = opts.bodyFormat === 'pretty' ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  const eventId = String(envelope.event_id ?? '');
  const eventType = String(envelope.event ?? envelope.event_type ?? '');

  const nowSeconds = Math.floor(config.nowMs() / 1000);
  const timestamp = opts.timestamp ?? (opts.tamper === 'stale-timestamp' ? nowSeconds - 600 : nowSeconds);
  const secret = opts.secret ?? (opts.tamper === 'wrong-secret' ? crypto.randomBytes(32).toString('hex') : sub.secret);
  const signature = signWebhook(secret, rawBody, { timestamp, format: opts.signatureFormat });
  const sent = opts.tamper === 'altered-body' ? JSON.stringify({ ...body, altered: true }) : rawBody;

  /** @type {Record<string, string>} */
  const headers = {
    'content-type': 'application/json',
    'x-webhook-event': eventType,
    'x-webhook-event-id': eventId,
    'x-webhook-subscription-id': sub.id,
  };
  if (opts.tamper === 'malformed-signature') headers[opts.signatureHeader ?? 'x-webhook-signature'] = `sha256=${signature.split(/[=,]/).pop()}`;
  else if (opts.tamper !== 'missing-signature') headers[opts.signatureHeader ?? 'x-webhook-signature'] = signature;

  /** @type {import('./store').WebhookDelivery & { rawBody: string }} */
  const record = {
    subscriptionId: sub.id,
    eventId,
    url: sub.url,
    attempt: opts.attempt ?? 1,
    status: 0,
    responseBody: '',
    tamper: opts.tamper,
    at: new Date(config.nowMs()).toISOString(),
    rawBody: sent,
  };
  try {
    const response = await fetch(sub.url, {
      method: 'POST',
      headers,
      body: sent,
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
    });
    record.status = response.status;
    record.responseBody = await response.text();
  } catch (e) {
    const cause = /** @type {{ cause?: { code?: string } }} */ (e).cause;
    record.error = cause?.code ?? (e instanceof Error ? e.name : String(e));
  }
  const { rawBody: _, ...logged } = record;
  store.webhookDeliveries.push(logged);
  return record;
}

/**
 * Chert's delivery of a new event: to every active subscription that wants it (empty
 * `events` = all), retried up to 3 times on 5xx or no answer, never on 4xx.
 * @param {import('./store').Store} store
 * @param {import('./config').Config} config
 * @param {import('./store').ChertEvent} event
 * @returns {Promise<Array<import('./store').WebhookDelivery>>} the last attempt per subscription
 */
function deliverToSubscribers(store, config, event) {
  const subscribers = [...store.subscriptions.values()].filter(
    (s) => s.is_active && (s.events.length === 0 || s.events.includes(event.type)),
  );
  const run = Promise.all(
    subscribers.map(async (sub) => {
      for (let attempt = 1; ; attempt++) {
        const { rawBody: _, ...result } = await deliverEvent(store, config, sub.id, event, { attempt });
        const retry = result.status === 0 || result.status >= 500;
        const delay = config.webhookRetryDelaysMs[attempt - 1];
        if (!retry || delay === undefined || !store.subscriptions.has(sub.id)) return result;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }),
  );
  store.pendingDeliveries.add(run);
  run.finally(() => store.pendingDeliveries.delete(run)).catch(() => undefined);
  return run;
}

module.exports = { signWebhook, addInboundMessage, deliverEvent, deliverToSubscribers, recordEvent, envelopeChat, webhookHandle };
