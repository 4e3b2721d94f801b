// @ts-check
'use strict';

/**
 * Public shapes of stored records: internal bookkeeping fields (from,
 * message_ids, created_ms, ...) never leak into answers.
 */

/** @param {import('./store').Chat} chat */
function chatView(chat) {
  return {
    id: chat.id,
    display_name: chat.display_name,
    handles: chat.handles.map((h) => ({ service: h.service, address: h.address })),
    is_group: chat.is_group,
    service: chat.service,
    health_score: chat.health_score,
    created_at: chat.created_at,
  };
}

/** @param {import('./store').Message} m */
function messageView(m) {
  /** @type {Record<string, unknown>} */
  const view = {
    id: m.id,
    chat_id: m.chat_id,
    parts: structuredClone(m.parts),
    status: m.status,
    direction: m.direction,
    created_at: m.created_at,
    delivered_at: m.delivered_at,
    read_at: m.read_at,
    service: m.service,
  };
  if (m.subject !== undefined) view.subject = m.subject;
  if (m.date_edited) view.date_edited = m.date_edited;
  if (m.location) view.location = structuredClone(m.location);
  return view;
}

/**
 * @param {import('./store').Subscription} s
 * @param {boolean} withSecret only the creation answer carries the secret
 */
function subscriptionView(s, withSecret) {
  /** @type {Record<string, unknown>} */
  const view = {
    id: s.id,
    url: s.url,
    events: [...s.events],
    version: s.version,
    is_active: s.is_active,
    created_at: s.created_at,
  };
  if (withSecret) view.secret = s.secret;
  return view;
}

module.exports = { chatView, messageView, subscriptionView };
