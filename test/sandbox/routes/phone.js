// @ts-check
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ApiError } = require('../errors');
const { objectBody, isMissing } = require('../validate');
const { requireChat, requireMessage } = require('../sending');
const { addInboundMessage, recordEvent, deliverToSubscribers, envelopeChat, webhookHandle } = require('../webhooks');
const { REACTIONS } = require('./messages');
const { uploadedAttachment } = require('./attachments');

/**
 * The customer's phone, for the demo: a page showing every chat as iMessage bubbles, from
 * which a person can answer or react as the customer. Not part of Chert's API (no auth; the
 * sandbox only listens on 127.0.0.1). Replies and reactions go through the same path as
 * `addInboundMessage`/`addEvent`, so webhooks, the events log and open streams see them.
 */

/**
 * @typedef {import('../http').Ctx} Ctx
 * @typedef {import('../store').Message} Message
 * @typedef {import('../store').Chat} Chat
 */

const PAGE = fs.readFileSync(path.join(__dirname, '..', 'phone', 'page.html'), 'utf8');

/** @param {import('../store').Store} store @param {Record<string, unknown>} part */
function partView(store, part) {
  if (part.type !== 'media') return structuredClone(part);
  const att = store.attachments.get(String(part.attachment_id));
  const ready = att?.state === 'uploaded' && att.bytes !== undefined;
  return {
    ...structuredClone(part),
    url: ready ? `/phone/attachments/${encodeURIComponent(String(part.attachment_id))}` : null,
    content_type: att?.content_type ?? null,
    filename: att?.filename ?? null,
  };
}

/** @param {import('../store').Store} store @param {Message} m */
function messageState(store, m) {
  return {
    id: m.id,
    direction: m.direction,
    sender: m.sender_handle,
    created_at: m.created_at,
    status: m.status,
    read_at: m.read_at,
    edited: Boolean(m.date_edited),
    parts: m.parts.map((p) => partView(store, p)),
    reactions: m.reactions.map((r) => ({ reaction: r.reaction, from: r.from ?? null })),
    ...(m.location ? { location: structuredClone(m.location) } : {}),
  };
}

/** GET /phone/state: every chat with its messages, for the page's polling. @param {Ctx} ctx */
function state(ctx) {
  const chats = [...ctx.store.chats.values()].map((chat) => ({
    id: chat.id,
    display_name: chat.display_name,
    is_group: chat.is_group,
    line: chat.from,
    customers: chat.handles.map((h) => h.address),
    typing: chat.typing === 'typing',
    messages: ctx.store.messagesOf(chat.id).map((m) => messageState(ctx.store, m)),
  }));
  return { body: { tenant: ctx.config.tenantSlug, chats } };
}

/**
 * The customer who speaks: `from` if it is one of the chat's people, else the first.
 * @param {Chat} chat
 * @param {unknown} from
 */
function customerOf(chat, from) {
  if (isMissing(from)) return chat.handles[0].address;
  if (typeof from !== 'string' || !chat.handles.some((h) => h.address === from)) {
    throw new ApiError(1002, '`from` must be one of the chat\'s customers');
  }
  return from;
}

/** POST /phone/chats/{chatId}/reply `{ text, from? }`: an inbound message, delivered as Chert would. @param {Ctx} ctx */
function reply(ctx) {
  const chat = requireChat(ctx.store, ctx.params.chatId);
  const body = objectBody(ctx.body);
  if (isMissing(body.text)) throw new ApiError(1001, '`text` is required');
  if (typeof body.text !== 'string' || body.text.trim() === '') throw new ApiError(1002, '`text` must be a non-empty string');
  const from = customerOf(chat, body.from);
  const { message, event } = addInboundMessage(ctx.store, ctx.config, { chatId: chat.id, text: body.text, from });
  return { status: 201, body: { message_id: message.id, event_id: event.id } };
}

/**
 * POST /phone/messages/{messageId}/react `{ reaction, from? }`: the customer's tapback, a
 * `reaction.added` event. Its payload is undocumented: the sandbox's `data` is the chat as
 * in `message.received`, the message `{ id, direction }`, `reaction` and `sender_handle`.
 * @param {Ctx} ctx
 */
function react(ctx) {
  const message = requireMessage(ctx.store, ctx.params.messageId);
  const chat = requireChat(ctx.store, message.chat_id);
  const body = objectBody(ctx.body);
  if (isMissing(body.reaction)) throw new ApiError(1001, '`reaction` is required');
  if (typeof body.reaction !== 'string' || !REACTIONS.includes(body.reaction)) {
    throw new ApiError(1002, `\`reaction\` must be one of ${REACTIONS.join(', ')}`);
  }
  const from = customerOf(chat, body.from);
  message.reactions.push({ reaction: body.reaction, at: ctx.nowIso, from });
  const event = recordEvent(ctx.store, ctx.config, {
    type: 'reaction.added',
    leadId: chat.id,
    data: {
      chat: envelopeChat(chat),
      message: { id: message.id, direction: message.direction },
      reaction: body.reaction,
      sender_handle: webhookHandle(from, false),
    },
  });
  deliverToSubscribers(ctx.store, ctx.config, event);
  return { status: 201, body: { message_id: message.id, reaction: body.reaction, event_id: event.id } };
}

/** GET /phone/attachments/{id}: the stored bytes, shown inline in a bubble. @param {Ctx} ctx */
function attachment(ctx) {
  const att = uploadedAttachment(ctx);
  return {
    bytes: att.bytes,
    // nosniff: the bytes are whatever a test uploaded, they must not be read as a page.
    headers: { 'Content-Type': att.content_type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, max-age=3600' },
  };
}

/**
 * GET /phone: the page. Message text only ever reaches it as JSON and is put into the DOM
 * as text; the nonce-only CSP is a second guard should a script ever slip into the markup.
 */
function page() {
  const nonce = crypto.randomBytes(16).toString('base64');
  return {
    bytes: Buffer.from(PAGE.replaceAll('__NONCE__', nonce), 'utf8'),
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'none'`,
      'Cache-Control': 'no-store',
    },
  };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'GET', path: '/phone', handler: page, auth: 'none' },
  { method: 'GET', path: '/phone/state', handler: state, auth: 'none' },
  { method: 'GET', path: '/phone/attachments/:attachmentId', handler: attachment, auth: 'none' },
  { method: 'POST', path: '/phone/chats/:chatId/reply', handler: reply, auth: 'none' },
  { method: 'POST', path: '/phone/messages/:messageId/react', handler: react, auth: 'none' },
];

module.exports = { routes };
