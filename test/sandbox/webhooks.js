// @ts-check
'use strict';

const crypto = require('node:crypto');
const { newId } = require('./store');
const { requireChat } = require('./sending');
const { validateParts } = require('./validate');

/**
 * Inbound side, for tests of triggers: simulated inbound messages (stored,
 * logged as events) and webhook payloads signed the documented way.
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
 * Stores an inbound message in a chat and records a `message.received` event
 * whose payload is the documented webhook envelope.
 * @param {import('./store').Store} store
 * @param {import('./config').Config} config
 * @param {{ chatId: string, from?: string, parts?: Array<Record<string, unknown>>, text?: string }} a
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

  const eventId = newId();
  const payload = {
    event: 'message.received',
    event_id: eventId,
    timestamp: nowIso,
    api_version: 'v1',
    webhook_version: '1',
    event_type: 'message.received',
    trace_id: crypto.randomBytes(16).toString('hex'),
    partner_id: config.tenantSlug,
    data: {
      chat: {
        id: chat.id,
        is_group: chat.is_group,
        handles: [
          { handle: chat.from, service: 'imessage', is_me: true },
          ...chat.handles.map((h) => ({ handle: h.address, service: 'imessage', is_me: false })),
        ],
        owner_handle: chat.from,
      },
      message: { id: message.id, direction: 'inbound', sender_handle: sender, parts: structuredClone(parts) },
    },
  };
  const event = {
    id: eventId,
    type: 'message.received',
    status: 'delivered',
    lead_id: chat.id,
    created_at: nowIso,
    payload,
    replays: 0,
  };
  store.events.push(event);
  return { message, event };
}

module.exports = { signWebhook, addInboundMessage };
