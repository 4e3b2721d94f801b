// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { isMissing, requirePhone, objectBody, optionalString } = require('../validate');
const { idempotent } = require('../idempotency');
const { lineForSend, findOrCreateDirectChat, sendMessage } = require('../sending');

/** @typedef {import('../http').Ctx} Ctx */
/** @typedef {import('../store').Store} Store */
/** @typedef {import('../store').Chat} Chat */

/**
 * Chert's `/locations` takes "Chert-provided delivery chat ids" (`iMessage;+;chat42`), not
 * the UUID of POST /chats, and no documented answer shows where a client gets one. Here a
 * chat's delivery chat id is `iMessage;+;chat<n>`, n = its place among the sandbox's chats
 * (from 1); tests read it with `sandbox.deliveryChatIdOf(chatId)`.
 * @param {Store} store @param {string} chatId
 * @returns {string | undefined}
 */
function deliveryChatIdOf(store, chatId) {
  const position = [...store.chats.keys()].indexOf(chatId);
  return position < 0 ? undefined : `iMessage;+;chat${position + 1}`;
}

/**
 * The chat a delivery chat id names; anything else, a chat's UUID included, is not a chat
 * Chert knows by that id: 2002.
 * @param {Store} store @param {string} deliveryChatId
 * @returns {Chat}
 */
function chatByDeliveryId(store, deliveryChatId) {
  const n = /^iMessage;\+;chat([1-9]\d*)$/.exec(deliveryChatId);
  const chat = n ? [...store.chats.values()][Number(n[1]) - 1] : undefined;
  if (chat) return chat;
  const hint = store.chats.has(deliveryChatId) ? ' (that is a chat UUID; /locations takes a delivery chat id)' : '';
  throw new ApiError(2002, `Chat ${deliveryChatId} not found${hint}`);
}

/**
 * @param {Record<string, unknown>} body
 * @param {'latitude' | 'longitude'} field
 * @param {number} limit absolute bound
 */
function coordinate(body, field, limit) {
  const v = body[field];
  if (isMissing(v)) throw new ApiError(1001, `\`${field}\` is required`);
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > limit) {
    throw new ApiError(1002, `\`${field}\` must be a number between -${limit} and ${limit}`);
  }
  return v;
}

/** @param {Record<string, unknown>} body */
function fallbackMode(body) {
  const v = optionalString(body, 'fallback_mode');
  // Only "auto" is documented; other values are refused here rather than guessed at.
  if (v !== undefined && v !== 'auto') throw new ApiError(1002, '`fallback_mode` must be "auto"');
  return v;
}

/** @param {Record<string, unknown>} body */
function expiresAt(body) {
  const v = optionalString(body, 'expires_at');
  if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) || Number.isNaN(Date.parse(v)))) {
    throw new ApiError(1002, '`expires_at` must be an ISO 8601 date-time');
  }
  return v;
}

/** @param {import('../config').PhoneNumber} line */
function requireLocationSupport(line) {
  if (!line.capabilities.includes('location')) throw new ApiError(4099, `Line ${line.phone_line_id} does not support locations`);
}

/**
 * POST /locations: by delivery chat id or by phone (not both), answered 202 with the
 * documented shape.
 * @param {Ctx} ctx
 */
function sendLocation(ctx) {
  const body = objectBody(ctx.body);
  return idempotent(ctx, body.idempotency_key, () => {
    if (isMissing(body.chat_id) && isMissing(body.phone)) throw new ApiError(1001, '`phone` or `chat_id` is required');
    if (!isMissing(body.chat_id) && !isMissing(body.phone)) throw new ApiError(1002, 'Give `phone` or `chat_id`, not both');
    const latitude = coordinate(body, 'latitude', 90);
    const longitude = coordinate(body, 'longitude', 180);
    const label = optionalString(body, 'label');
    const address = optionalString(body, 'address');
    const fallback = fallbackMode(body);
    const expires = expiresAt(body);
    let chat;
    let line;
    if (!isMissing(body.chat_id)) {
      if (typeof body.chat_id !== 'string') throw new ApiError(1002, '`chat_id` must be a string');
      chat = chatByDeliveryId(ctx.store, body.chat_id);
      const pinned = chat.phone_line_id;
      line = ctx.config.phoneNumbers.find((n) => n.phone_line_id === pinned) ?? lineForSend(ctx.config, undefined);
      requireLocationSupport(line);
    } else {
      const phone = requirePhone(body.phone, 'phone');
      line = lineForSend(ctx.config, undefined);
      requireLocationSupport(line);
      chat = findOrCreateDirectChat(ctx.store, line, phone, ctx.nowIso).chat;
    }
    /** @type {Record<string, unknown>} */
    const pin = { latitude, longitude };
    if (label !== undefined) pin.label = label;
    if (address !== undefined) pin.address = address;
    /** @type {Record<string, unknown>} */
    const requested = { ...pin };
    if (fallback !== undefined) requested.fallback_mode = fallback;
    if (expires !== undefined) requested.expires_at = expires;
    const message = sendMessage(ctx.store, { chat, parts: [], nowMs: ctx.nowMs, via: 'POST /locations', location: requested });
    /** @type {Record<string, unknown>} */
    const location = { ...pin, mode: 'balloon' };
    if (fallback !== undefined) location.fallback_mode_requested = fallback;
    return {
      status: 202,
      body: { message_id: message.id, status: 'queued', phone_line_id: line.phone_line_id, delivery: 'queued', location },
    };
  });
}

/** @type {import('../http').Route[]} */
const routes = [{ method: 'POST', path: '/api/v1/locations', handler: sendLocation }];

module.exports = { routes, deliveryChatIdOf };
