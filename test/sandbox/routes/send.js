// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { isMissing, requirePhone, objectBody, optionalString } = require('../validate');
const { idempotent } = require('../idempotency');
const { lineForSend, findOrCreateDirectChat, sendMessage } = require('../sending');

/**
 * Effect names are not documented; these are the iMessage bubble/screen
 * effects, which is what the sandbox accepts. Anything else is 4098.
 */
const EFFECTS = [
  'slam',
  'loud',
  'gentle',
  'invisible_ink',
  'echo',
  'spotlight',
  'balloons',
  'confetti',
  'love',
  'lasers',
  'fireworks',
  'celebration',
];

/** @typedef {import('../http').Ctx} Ctx */

/**
 * `attachments[]` of /send: ids from POST /attachments (format undocumented
 * beyond that); errors carry `attachment_index`.
 * @param {Ctx} ctx
 * @param {unknown} value
 * @returns {string[]}
 */
function attachmentIds(ctx, value) {
  if (isMissing(value)) return [];
  if (!Array.isArray(value)) throw new ApiError(1002, '`attachments` must be an array of attachment ids');
  return value.map((ref, i) => {
    const extra = { attachment_index: i };
    if (typeof ref !== 'string' || ref === '') throw new ApiError(1002, `attachments[${i}] must be an attachment id`, { extra });
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      throw new ApiError(1011, `attachments[${i}] is a URL; upload it with POST /attachments first`, { extra });
    }
    const att = ctx.store.attachments.get(ref);
    if (!att) throw new ApiError(5001, `attachments[${i}]: attachment ${ref} not found`, { extra });
    if (att.state !== 'uploaded') throw new ApiError(5004, `attachments[${i}]: attachment ${ref} not uploaded yet`, { extra });
    return ref;
  });
}

/** POST /send: the lead-based send; errors use the flat shape. @param {Ctx} ctx */
function send(ctx) {
  const body = objectBody(ctx.body);
  return idempotent(ctx, body.idempotency_key, () => {
    const phone = requirePhone(body.phone, 'phone');
    const text = optionalString(body, 'body');
    const attachments = attachmentIds(ctx, body.attachments);
    if ((text === undefined || text.trim() === '') && attachments.length === 0) {
      throw new ApiError(1001, '`body` is required (or at least one attachment)');
    }
    if (text !== undefined && ctx.config.maxTextLength > 0 && text.length > ctx.config.maxTextLength) {
      throw new ApiError(1009, `\`body\` longer than ${ctx.config.maxTextLength} characters`);
    }
    optionalString(body, 'name');
    optionalString(body, 'external_id');
    const effect = optionalString(body, 'effect');
    if (effect !== undefined && !EFFECTS.includes(effect)) {
      throw new ApiError(4098, `Unknown effect ${JSON.stringify(effect)}`, { extra: { allowed_effects: [...EFFECTS] } });
    }
    const line = lineForSend(ctx.config, body.phone_line_id);
    const { chat, created } = findOrCreateDirectChat(ctx.store, line, phone, ctx.nowIso);
    /** @type {Array<Record<string, unknown>>} */
    const parts = [];
    if (text !== undefined && text.trim() !== '') parts.push({ type: 'text', value: text });
    for (const id of attachments) parts.push({ type: 'media', attachment_id: id });
    const message = sendMessage(ctx.store, { chat, parts, nowMs: ctx.nowMs, via: 'POST /send' });
    return {
      status: 200,
      body: {
        status: message.status,
        message_id: message.id,
        lead_id: chat.id,
        lead_created: created,
        convo_id: chat.id,
        phone_line_id: line.phone_line_id,
      },
    };
  });
}

/** @type {import('../http').Route[]} */
const routes = [{ method: 'POST', path: '/api/v1/send', handler: send, errorShape: 'flat' }];

module.exports = { routes, EFFECTS };
