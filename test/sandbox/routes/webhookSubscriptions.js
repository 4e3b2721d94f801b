// @ts-check
'use strict';

const crypto = require('node:crypto');
const { ApiError } = require('../errors');
const { isMissing, objectBody, optionalString } = require('../validate');
const { newId } = require('../store');
const { subscriptionView } = require('../views');

const WEBHOOK_EVENTS = ['message.received', 'lead_reply', 'reaction.added', 'reaction.removed'];
// Undocumented default; only echoed back.
const DEFAULT_WEBHOOK_VERSION = '1';

/** @typedef {import('../http').Ctx} Ctx */

/**
 * Chert documents `url (https)`. Plain http passes only in a sandbox started with
 * `allowHttpWebhooks: true` (tests reach n8n on http://127.0.0.1).
 * @param {unknown} url
 * @param {import('../config').Config} config
 */
function webhookUrl(url, config) {
  if (typeof url !== 'string') throw new ApiError(1002, '`url` must be an https URL');
  try {
    const { protocol } = new URL(url);
    if (protocol === 'https:' || (protocol === 'http:' && config.allowHttpWebhooks)) return url;
  } catch {
    // falls through to the refusal
  }
  throw new ApiError(1002, '`url` must be an absolute https URL');
}

/** @param {unknown} events empty or missing = all events */
function eventList(events) {
  if (isMissing(events)) return [];
  if (!Array.isArray(events)) throw new ApiError(1002, '`events` must be an array');
  events.forEach((e, i) => {
    if (typeof e !== 'string' || !WEBHOOK_EVENTS.includes(e)) {
      throw new ApiError(1002, `events[${i}] must be one of ${WEBHOOK_EVENTS.join(', ')}`);
    }
  });
  return /** @type {string[]} */ ([...events]);
}

/**
 * No "subscription not found" code is documented: 404 with code 1002.
 * @param {Ctx} ctx
 */
function requireSubscription(ctx) {
  const sub = ctx.store.subscriptions.get(ctx.params.subscriptionId);
  if (!sub) throw new ApiError(1002, `Webhook subscription ${ctx.params.subscriptionId} not found`, { status: 404 });
  return sub;
}

/** @param {Ctx} ctx */
function create(ctx) {
  const body = objectBody(ctx.body);
  if (isMissing(body.url) || body.url === '') throw new ApiError(1001, '`url` is required');
  const sub = {
    id: newId(),
    url: webhookUrl(body.url, ctx.config),
    events: eventList(body.events),
    version: optionalString(body, 'version') ?? DEFAULT_WEBHOOK_VERSION,
    is_active: true,
    created_at: ctx.nowIso,
    secret: crypto.randomBytes(32).toString('hex'),
  };
  ctx.store.subscriptions.set(sub.id, sub);
  return { body: { subscription: subscriptionView(sub, true) } };
}

/** @param {Ctx} ctx */
function list(ctx) {
  return { body: { subscriptions: [...ctx.store.subscriptions.values()].map((s) => subscriptionView(s, false)) } };
}

/** @param {Ctx} ctx */
function get(ctx) {
  return { body: { subscription: subscriptionView(requireSubscription(ctx), false) } };
}

/** @param {Ctx} ctx */
function patch(ctx) {
  const sub = requireSubscription(ctx);
  const body = objectBody(ctx.body);
  const next = { ...sub };
  if (body.url !== undefined) next.url = webhookUrl(body.url, ctx.config);
  if (body.events !== undefined) next.events = eventList(body.events);
  if (body.version !== undefined) next.version = optionalString(body, 'version') ?? next.version;
  if (body.is_active !== undefined) {
    if (typeof body.is_active !== 'boolean') throw new ApiError(1002, '`is_active` must be a boolean');
    next.is_active = body.is_active;
  }
  Object.assign(sub, next);
  return { body: { subscription: subscriptionView(sub, false) } };
}

/** Answer shape undocumented: { id, deleted: true }. @param {Ctx} ctx */
function remove(ctx) {
  const sub = requireSubscription(ctx);
  ctx.store.subscriptions.delete(sub.id);
  return { body: { id: sub.id, deleted: true } };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'POST', path: '/api/v1/webhook-subscriptions', handler: create },
  { method: 'GET', path: '/api/v1/webhook-subscriptions', handler: list },
  { method: 'GET', path: '/api/v1/webhook-subscriptions/:subscriptionId', handler: get },
  { method: 'PATCH', path: '/api/v1/webhook-subscriptions/:subscriptionId', handler: patch },
  { method: 'DELETE', path: '/api/v1/webhook-subscriptions/:subscriptionId', handler: remove },
];

module.exports = { routes, WEBHOOK_EVENTS };
