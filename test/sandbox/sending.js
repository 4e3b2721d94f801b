// @ts-check
'use strict';

const { newId } = require('./store');
const { ApiError } = require('./errors');

/**
 * Creating chats and messages and "delivering" them, shared by every send
 * endpoint (/chats, /chats/{id}/messages, /send, /locations) so that the
 * delivery log means the same thing whichever way a message was sent.
 */

/**
 * @typedef {import('./store').Store} Store
 * @typedef {import('./store').Chat} Chat
 * @typedef {import('./store').Message} Message
 * @typedef {import('./config').Config} Config
 * @typedef {import('./config').PhoneNumber} PhoneNumber
 */

/**
 * The tenant's line for a sender number, or 2006.
 * @param {Config} config
 * @param {string} phone
 * @returns {PhoneNumber}
 */
function tenantLineForNumber(config, phone) {
  const line = config.phoneNumbers.find((n) => n.phone_number === phone);
  if (!line) throw new ApiError(2006, `${phone} is not a number of tenant ${config.tenantSlug}`);
  return line;
}

/**
 * Line used when a request names none (/send without phone_line_id, /locations by phone).
 * @param {Config} config
 * @param {unknown} phoneLineId
 */
function lineForSend(config, phoneLineId) {
  if (phoneLineId !== undefined && phoneLineId !== null) {
    const line = config.phoneNumbers.find((n) => n.phone_line_id === phoneLineId);
    if (!line) throw new ApiError(2006, `phone_line_id ${JSON.stringify(phoneLineId)} is not a line of this tenant`);
    return line;
  }
  const line = config.phoneNumbers.find((n) => n.is_active) ?? config.phoneNumbers[0];
  if (!line) throw new ApiError(2006, 'This tenant has no phone number');
  return line;
}

/**
 * @param {Store} store
 * @param {{ line: PhoneNumber, to: string[], displayName: string | null, nowIso: string }} a
 * @returns {Chat}
 */
function createChat(store, a) {
  /** @type {Chat} */
  const chat = {
    id: newId(),
    display_name: a.displayName,
    handles: a.to.map((address) => ({ service: 'imessage', address })),
    is_group: a.to.length > 1,
    service: 'imessage',
    // Meaning undocumented; a constant so nothing can depend on it varying.
    health_score: 100,
    created_at: a.nowIso,
    from: a.line.phone_number,
    phone_line_id: a.line.phone_line_id,
    message_ids: [],
    read_at: null,
    typing: null,
  };
  store.chats.set(chat.id, chat);
  return chat;
}

/**
 * The 1:1 chat between a line and a phone ("lead" of /send), created when missing.
 * @param {Store} store
 * @param {PhoneNumber} line
 * @param {string} phone
 * @param {string} nowIso
 */
function findOrCreateDirectChat(store, line, phone, nowIso) {
  for (const chat of store.chats.values()) {
    if (!chat.is_group && chat.from === line.phone_number && chat.handles[0].address === phone) {
      return { chat, created: false };
    }
  }
  return { chat: createChat(store, { line, to: [phone], displayName: null, nowIso }), created: true };
}

/**
 * Stores an outbound message and records one delivery for it.
 * @param {Store} store
 * @param {{ chat: Chat, parts: Array<Record<string, unknown>>, nowMs: number, via: string,
 *   subject?: string, location?: Record<string, unknown> }} a
 * @returns {Message}
 */
function sendMessage(store, a) {
  const createdAt = new Date(a.nowMs).toISOString();
  /** @type {Message} */
  const message = {
    id: newId(),
    chat_id: a.chat.id,
    parts: a.parts,
    status: 'queued',
    direction: 'outbound',
    created_at: createdAt,
    delivered_at: null,
    read_at: null,
    service: 'imessage',
    sender_handle: a.chat.from,
    created_ms: a.nowMs,
    date_edited: null,
    edit_history: [],
    reactions: [],
    kind: a.location ? 'location' : 'message',
  };
  if (a.subject !== undefined) message.subject = a.subject;
  if (a.location) message.location = a.location;
  store.messages.set(message.id, message);
  a.chat.message_ids.push(message.id);
  store.messagesDelivered.push({
    messageId: message.id,
    chatId: a.chat.id,
    from: a.chat.from,
    to: a.chat.handles.map((h) => h.address),
    parts: structuredClone(a.parts),
    via: a.via,
    at: createdAt,
    ...(a.location ? { location: structuredClone(a.location) } : {}),
  });
  return message;
}

/**
 * @param {Store} store
 * @param {string} chatId
 * @returns {Chat}
 */
function requireChat(store, chatId) {
  const chat = store.chats.get(chatId);
  if (chat) return chat;
  const hint = store.messages.has(chatId) ? ' (that is a message id; use chat.id)' : '';
  throw new ApiError(2002, `Chat ${chatId} not found${hint}`);
}

/**
 * @param {Store} store
 * @param {string} messageId
 * @returns {Message}
 */
function requireMessage(store, messageId) {
  const message = store.messages.get(messageId);
  if (!message) throw new ApiError(2003, `Message ${messageId} not found`);
  return message;
}

module.exports = {
  tenantLineForNumber,
  lineForSend,
  createChat,
  findOrCreateDirectChat,
  sendMessage,
  requireChat,
  requireMessage,
};
