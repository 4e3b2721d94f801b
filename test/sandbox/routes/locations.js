// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { isMissing, requirePhone, objectBody, optionalString } = require('../validate');
const { idempotent } = require('../idempotency');
const { lineForSend, findOrCreateDirectChat, sendMessage, requireChat } = require('../sending');

/** @typedef {import('../http').Ctx} Ctx */

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

/**
 * POST /locations: by chat_id (preferred when both are given) or by phone,
 * answered 202 as documented.
 * @param {Ctx} ctx
 */
function sendLocation(ctx) {
  const body = objectBody(ctx.body);
  return idempotent(ctx, body.idempotency_key, () => {
    if (isMissing(body.chat_id) && isMissing(body.phone)) throw new ApiError(1001, '`phone` or `chat_id` is required');
    const latitude = coordinate(body, 'latitude', 90);
    const longitude = coordinate(body, 'longitude', 180);
    const label = optionalString(body, 'label');
    const address = optionalString(body, 'address');
    let chat;
    if (!isMissing(body.chat_id)) {
      if (typeof body.chat_id !== 'string') throw new ApiError(1002, '`chat_id` must be a string');
      chat = requireChat(ctx.store, body.chat_id);
    } else {
      const phone = requirePhone(body.phone, 'phone');
      chat = findOrCreateDirectChat(ctx.store, lineForSend(ctx.config, undefined), phone, ctx.nowIso).chat;
    }
    /** @type {Record<string, unknown>} */
    const location = { latitude, longitude };
    if (label !== undefined) location.label = label;
    if (address !== undefined) location.address = address;
    const message = sendMessage(ctx.store, { chat, parts: [], nowMs: ctx.nowMs, via: 'POST /locations', location });
    return { status: 202, body: { message_id: message.id, status: 'queued', chat_id: chat.id, ...location } };
  });
}

/** @type {import('../http').Route[]} */
const routes = [{ method: 'POST', path: '/api/v1/locations', handler: sendLocation }];

module.exports = { routes };
