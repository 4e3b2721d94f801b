// @ts-check
'use strict';

const { ApiError } = require('../errors');
const {
  E164,
  isObject,
  isMissing,
  requirePhone,
  validateParts,
  checkService,
  objectBody,
  optionalString,
} = require('../validate');
const { idempotent } = require('../idempotency');
const { tenantLineForNumber, createChat, sendMessage, requireChat } = require('../sending');
const { chatView, messageView } = require('../views');

/** 1 recipient = DM, 2-31 = group. */
const MAX_RECIPIENTS = 31;
/** GET /chats/{id}/messages answers at most the 200 newest. */
const HISTORY_LIMIT = 200;
const TYPING_STATES = ['typing', 'stopped'];

/** @typedef {import('../http').Ctx} Ctx */

/**
 * @param {unknown} to
 * @returns {string[]}
 */
function recipients(to) {
  if (isMissing(to) || to === '') throw new ApiError(1001, '`to` is required');
  /** @type {unknown[]} */
  let list;
  if (typeof to === 'string') list = [to];
  else if (Array.isArray(to)) list = to;
  else throw new ApiError(1002, '`to` must be a phone number or an array of phone numbers');
  if (list.length === 0) throw new ApiError(1001, '`to` must name at least one recipient');
  if (list.length > MAX_RECIPIENTS) {
    // The group page gives 422 for this case (the catalogue's 400 is for parts).
    throw new ApiError(1006, `At most ${MAX_RECIPIENTS} recipients, got ${list.length}`, { status: 422 });
  }
  list.forEach((p, i) => {
    if (typeof p !== 'string' || !E164.test(p)) {
      throw new ApiError(1003, `to[${i}] must be an E.164 phone number, got ${JSON.stringify(p)}`);
    }
  });
  return /** @type {string[]} */ (list);
}

/**
 * `message` of a send body: required, an object.
 * @param {unknown} message
 * @returns {Record<string, unknown>}
 */
function messageObject(message) {
  if (isMissing(message)) throw new ApiError(1001, '`message.parts` is required');
  if (!isObject(message)) throw new ApiError(1002, '`message` must be an object');
  return message;
}

/** @param {unknown} body */
function keyOf(body) {
  return isObject(body) && isObject(body.message) ? body.message.idempotency_key : undefined;
}

/** POST /chats: new chat (DM or group) with its first message. @param {Ctx} ctx */
function createChatWithMessage(ctx) {
  const body = objectBody(ctx.body);
  return idempotent(ctx, keyOf(body), () => {
    const from = requirePhone(body.from, 'from');
    if (isMissing(body.to)) throw new ApiError(1001, '`to` is required');
    const message = messageObject(body.message);
    checkService(body.service);
    checkService(message.service);
    const line = tenantLineForNumber(ctx.config, from);
    const to = recipients(body.to);
    const subject = optionalString(message, 'subject');
    const isGroup = to.length > 1;
    const parts = validateParts(message.parts, {
      firstMessage: true,
      isGroup,
      maxTextLength: ctx.config.maxTextLength,
      attachments: ctx.store.attachments,
    });
    const chat = createChat(ctx.store, {
      line,
      to,
      displayName: isGroup ? (subject ?? null) : null,
      nowIso: ctx.nowIso,
    });
    const sent = sendMessage(ctx.store, { chat, parts, nowMs: ctx.nowMs, via: 'POST /chats', subject });
    return { status: 200, body: { chat: chatView(chat), message: messageView(sent) } };
  });
}

/** POST /chats/{chat_id}/messages: follow-up in an existing chat. @param {Ctx} ctx */
function postMessage(ctx) {
  const chat = requireChat(ctx.store, ctx.params.chatId);
  const body = objectBody(ctx.body);
  return idempotent(ctx, keyOf(body), () => {
    if (body.parts !== undefined) {
      throw new ApiError(1002, 'Top-level `parts` is not accepted; send { "message": { "parts": [...] } }');
    }
    const message = messageObject(body.message);
    checkService(message.service);
    const parts = validateParts(message.parts, {
      firstMessage: false,
      isGroup: chat.is_group,
      maxTextLength: ctx.config.maxTextLength,
      attachments: ctx.store.attachments,
    });
    const sent = sendMessage(ctx.store, { chat, parts, nowMs: ctx.nowMs, via: 'POST /chats/{chat_id}/messages' });
    return { status: 200, body: { message: messageView(sent) } };
  });
}

/** GET /chats/{chat_id}/messages @param {Ctx} ctx */
function listMessages(ctx) {
  const chat = requireChat(ctx.store, ctx.params.chatId);
  const all = ctx.store.messagesOf(chat.id);
  return {
    body: { messages: all.slice(-HISTORY_LIMIT).map(messageView), has_more: all.length > HISTORY_LIMIT },
  };
}

/** POST /chats/{chat_id}/typing @param {Ctx} ctx */
function typing(ctx) {
  const chat = requireChat(ctx.store, ctx.params.chatId);
  const body = objectBody(ctx.body);
  if (isMissing(body.state)) throw new ApiError(1001, '`state` is required');
  if (typeof body.state !== 'string' || !TYPING_STATES.includes(body.state)) {
    throw new ApiError(1002, `\`state\` must be one of ${TYPING_STATES.join(', ')}`);
  }
  chat.typing = /** @type {'typing' | 'stopped'} */ (body.state);
  return { body: { status: 'sent', chat_id: chat.id, state: body.state } };
}

/** POST /chats/{chat_id}/mark-read (idempotent) @param {Ctx} ctx */
function markRead(ctx) {
  const chat = requireChat(ctx.store, ctx.params.chatId);
  chat.read_at = ctx.nowIso;
  for (const m of ctx.store.messagesOf(chat.id)) {
    if (m.direction === 'inbound' && m.read_at === null) m.read_at = ctx.nowIso;
  }
  return { body: { chat_id: chat.id, status: 'read' } };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'POST', path: '/api/v1/chats', handler: createChatWithMessage },
  { method: 'POST', path: '/api/v1/chats/:chatId/messages', handler: postMessage },
  { method: 'GET', path: '/api/v1/chats/:chatId/messages', handler: listMessages },
  { method: 'POST', path: '/api/v1/chats/:chatId/typing', handler: typing },
  { method: 'POST', path: '/api/v1/chats/:chatId/mark-read', handler: markRead },
];

module.exports = { routes, MAX_RECIPIENTS, HISTORY_LIMIT };
