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
 * `attachments[]` of /send, entries in the documented shapes, mixable: `"att_…"`, `{ id }`,
 * `{ attachment_id }`, `{ attachment_id, live_photo: true }`. A `{ url }` entry (alone or
 * beside an id) is 1011; any other shape 1002. Errors carry `attachment_index`.
 * @param {Ctx} ctx
 * @param {unknown} value
 * @returns {Array<{ id: string, livePhoto: boolean }>}
 */
function attachmentRefs(ctx, value) {
  if (isMissing(value)) return [];
  if (!Array.isArray(value)) throw new ApiError(1002, '`attachments` must be an array');
  return value.map((entry, i) => {
    const extra = { attachment_index: i };
    /** @type {unknown} */
    let ref = entry;
    let livePhoto = false;
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      const fields = /** @type {Record<string, unknown>} */ (entry);
      if ('url' in fields) throw new ApiError(1011, `attachments[${i}]: URL references are not accepted on /send; upload first`, { extra });
      if ('live_photo' in fields && typeof fields.live_photo !== 'boolean') {
        throw new ApiError(1002, `attachments[${i}].live_photo must be a boolean`, { extra });
      }
      if ('attachment_id' in fields && !('id' in fields)) {
        ref = fields.attachment_id;
        livePhoto = fields.live_photo === true;
      } else if ('id' in fields && !('attachment_id' in fields) && !('live_photo' in fields)) {
        ref = fields.id;
      } else {
        throw new ApiError(1002, `attachments[${i}] must be "id", { id }, { attachment_id } or { attachment_id, live_photo }`, { extra });
      }
    }
    if (typeof ref !== 'string' || ref === '') throw new ApiError(1002, `attachments[${i}] must be an attachment id`, { extra });
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      throw new ApiError(1011, `attachments[${i}] is a URL; upload it with POST /attachments first`, { extra });
    }
    const att = ctx.store.attachments.get(ref);
    if (!att) throw new ApiError(5001, `attachments[${i}]: attachment ${ref} not found`, { extra });
    if (att.state !== 'uploaded') throw new ApiError(5004, `attachments[${i}]: attachment ${ref} not uploaded yet`, { extra });
    return { id: ref, livePhoto };
  });
}

/** POST /send: the lead-based send; errors use the flat shape. @param {Ctx} ctx */
function send(ctx) {
  const body = objectBody(ctx.body);
  return idempotent(ctx, body.idempotency_key, () => {
    const phone = requirePhone(body.phone, 'phone');
    const text = optionalString(body, 'body');
    const attachments = attachmentRefs(ctx, body.attachments);
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
    for (const { id, livePhoto } of attachments) parts.push({ type: 'media', attachment_id: id, ...(livePhoto ? { live_photo: true } : {}) });
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
