// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { E164, isMissing, objectBody, optionalString } = require('../validate');
const { requireChat } = require('../sending');

/**
 * Group management [add, rm, ren]. The roster (`participants`) lists the chat's handles, not
 * the tenant's own line (undocumented); the minimum size of 3 counts the line too, which is
 * what makes the documented removal example (3 listed → 2 listed) succeed.
 */
const MIN_GROUP_SIZE = 3;
// Loose on purpose: Chert documents "E.164 or email" and nothing more.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** @typedef {import('../http').Ctx} Ctx */

/** The chat of the route, which must be a group: a DM is 1006 (400). @param {Ctx} ctx */
function requireGroup(ctx) {
  const chat = requireChat(ctx.store, ctx.params.chatId);
  if (!chat.is_group) throw new ApiError(1006, `Chat ${chat.id} is a direct chat, not a group`, { status: 400 });
  return chat;
}

/** @param {unknown} address */
function participantAddress(address) {
  if (isMissing(address) || address === '') throw new ApiError(1001, 'Missing required field: address');
  if (typeof address !== 'string') throw new ApiError(1002, '`address` must be a string');
  if (E164.test(address) || EMAIL.test(address)) return address;
  if (address.includes('@')) throw new ApiError(1002, `\`address\` is not a valid email address: ${address}`);
  throw new ApiError(1003, `\`address\` must be an E.164 phone number or an email address, got ${address}`);
}

/** @param {import('../store').Chat} chat */
function roster(chat) {
  return chat.handles.map((h) => h.address);
}

/** POST /chats/{id}/participants: idempotent, a re-add changes nothing. @param {Ctx} ctx */
function addParticipant(ctx) {
  const chat = requireGroup(ctx);
  const body = objectBody(ctx.body);
  const address = participantAddress(body.address ?? body.handle);
  if (!chat.handles.some((h) => h.address === address)) chat.handles.push({ service: 'imessage', address });
  return { body: { chat_id: chat.id, added: address, participants: roster(chat) } };
}

/** DELETE /chats/{id}/participants/{address}: not idempotent, a second call is 1001. @param {Ctx} ctx */
function removeParticipant(ctx) {
  const chat = requireGroup(ctx);
  const address = ctx.params.address;
  const index = chat.handles.findIndex((h) => h.address === address);
  if (index < 0) throw new ApiError(1001, `${address} is not in the group`);
  // Members after the removal: the other listed participants plus the tenant's line.
  if (chat.handles.length < MIN_GROUP_SIZE) {
    throw new ApiError(1002, `A group needs at least ${MIN_GROUP_SIZE} members; ${address} cannot be removed`);
  }
  chat.handles.splice(index, 1);
  return { body: { chat_id: chat.id, removed: address, participants: roster(chat) } };
}

/** PUT /chats/{id}: display name and/or icon, last write wins. @param {Ctx} ctx */
function updateGroup(ctx) {
  const chat = requireGroup(ctx);
  const body = objectBody(ctx.body);
  const displayName = optionalString(body, 'display_name');
  const icon = optionalString(body, 'group_chat_icon');
  if (displayName === undefined && icon === undefined) {
    // Undocumented case: refused as a missing field.
    throw new ApiError(1001, 'Missing required field: display_name or group_chat_icon');
  }
  if (displayName !== undefined && displayName.trim() === '') {
    throw new ApiError(1002, '`display_name` must not be empty');
  }
  if (icon !== undefined && !isHttpsUrl(icon)) throw new ApiError(1002, '`group_chat_icon` must be an https URL');
  if (displayName !== undefined) chat.display_name = displayName.trim();
  if (icon !== undefined) chat.group_chat_icon = icon;
  return {
    body: {
      chat: { id: chat.id, display_name: chat.display_name, group_chat_icon: chat.group_chat_icon ?? null, is_group: true },
    },
  };
}

/** @param {string} value */
function isHttpsUrl(value) {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'POST', path: '/api/v1/chats/:chatId/participants', handler: addParticipant },
  { method: 'DELETE', path: '/api/v1/chats/:chatId/participants/:address', handler: removeParticipant },
  { method: 'PUT', path: '/api/v1/chats/:chatId', handler: updateGroup },
];

module.exports = { routes, MIN_GROUP_SIZE };
