// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { isMissing, objectBody } = require('../validate');
const { requireMessage } = require('../sending');
const { messageView } = require('../views');

const REACTIONS = ['love', 'like', 'dislike', 'laugh', 'emphasize', 'question'];

/** @typedef {import('../http').Ctx} Ctx */

/** POST /messages/{message_id}/react: not idempotent, every call is a reaction. @param {Ctx} ctx */
function react(ctx) {
  const message = requireMessage(ctx.store, ctx.params.messageId);
  const body = objectBody(ctx.body);
  if (isMissing(body.reaction)) throw new ApiError(1001, '`reaction` is required');
  if (typeof body.reaction !== 'string' || !REACTIONS.includes(body.reaction)) {
    throw new ApiError(1002, `\`reaction\` must be one of ${REACTIONS.join(', ')}`);
  }
  message.reactions.push({ reaction: body.reaction, at: ctx.nowIso });
  return { body: { status: 'sent', message_id: message.id, reaction: body.reaction } };
}

/**
 * POST /messages/{message_id}/edit: outbound only, within the edit window (else 4001),
 * on a text part, from a line that can edit (else 4099); an empty `new_text` is 1002.
 * @param {Ctx} ctx
 */
function edit(ctx) {
  const message = requireMessage(ctx.store, ctx.params.messageId);
  const body = objectBody(ctx.body);
  if (isMissing(body.new_text)) throw new ApiError(1001, '`new_text` is required');
  if (typeof body.new_text !== 'string' || body.new_text.trim() === '') {
    throw new ApiError(1002, '`new_text` must be a non-empty string');
  }
  const index = body.edited_part_index ?? 0;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new ApiError(1002, '`edited_part_index` must be a non-negative integer');
  }
  // The code for an inbound message is undocumented: 1012 (invalid state) is the sandbox's.
  if (message.direction !== 'outbound') throw new ApiError(1012, 'Only outbound messages can be edited');
  const windowMin = Math.round(ctx.config.editWindowMs / 60000);
  // Documented [edit]: 4001. Its `retryable` there is not: the class default (true) stays.
  if (ctx.nowMs - message.created_ms > ctx.config.editWindowMs) {
    throw new ApiError(4001, `Messages can only be edited within ${windowMin} minutes of sending`);
  }
  const chat = ctx.store.chats.get(message.chat_id);
  const line = ctx.config.phoneNumbers.find((n) => n.phone_number === chat?.from);
  if (line && !line.capabilities.includes('edit')) {
    throw new ApiError(4099, `Line ${line.phone_line_id} does not support editing`);
  }
  const part = message.parts[index];
  if (!part) throw new ApiError(1002, `edited_part_index ${index} is out of range (${message.parts.length} parts)`);
  if (part.type !== 'text') throw new ApiError(1011, `Part ${index} is a ${String(part.type)} part; only text parts can be edited`);

  message.edit_history.push({
    edited_part_index: index,
    previous_text: part.value,
    new_text: body.new_text,
    date_edited: ctx.nowIso,
  });
  part.value = body.new_text;
  message.date_edited = ctx.nowIso;
  return {
    body: {
      status: 'edited',
      message_id: message.id,
      new_text: body.new_text,
      date_edited: ctx.nowIso,
      edit_history: structuredClone(message.edit_history),
    },
  };
}

/** GET /messages/{message_id}: shape "not fully documented", see config.getMessageShape. @param {Ctx} ctx */
function getMessage(ctx) {
  const view = messageView(requireMessage(ctx.store, ctx.params.messageId));
  return { body: ctx.config.getMessageShape === 'bare' ? view : { message: view } };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'POST', path: '/api/v1/messages/:messageId/react', handler: react },
  { method: 'POST', path: '/api/v1/messages/:messageId/edit', handler: edit },
  { method: 'GET', path: '/api/v1/messages/:messageId', handler: getMessage },
];

module.exports = { routes, REACTIONS };
