// @ts-check
'use strict';

const { ApiError, CODES } = require('../errors');
const { deliverEvent } = require('../webhooks');

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const STATUSES = ['pending', 'delivered', 'failed', 'dev_inbox'];
const DEV_INBOX_URL = 'https://dev-inbox';

/**
 * @typedef {import('../http').Ctx} Ctx
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').ChertEvent} ChertEvent
 * @typedef {import('../store').WebhookDelivery} WebhookDelivery
 */

/**
 * Cursor = base64url of the offset into the filtered list (opaque to clients).
 * @param {string | undefined} cursor
 */
function decodeCursor(cursor) {
  if (cursor === undefined || cursor === '') return 0;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw new ApiError(1002, '`cursor` is not valid');
  return n;
}

/** @param {WebhookDelivery} attempt */
const succeeded = (attempt) => attempt.status >= 200 && attempt.status < 300;

/**
 * The event's delivery, read from the sandbox's log of webhook POSTs (the log is the one
 * record; the event row is derived from it, so a replay or a retry shows up at once).
 * `failed`: every subscription's last attempt is final (4xx, or no answer after Chert's
 * retries) and none succeeded; `pending` until then.
 * @param {Store} store
 * @param {import('../config').Config} config
 * @param {ChertEvent} event
 */
function deliveryOf(store, config, event) {
  const attempts = store.webhookDeliveries.filter((d) => d.eventId === event.id);
  const delivered = attempts.find(succeeded);
  const last = new Map(attempts.map((a) => [a.subscriptionId, a]));
  const final = (/** @type {WebhookDelivery} */ a) =>
    (a.status >= 400 && a.status < 500) || a.attempt > config.webhookRetryDelaysMs.length;
  let status = 'pending';
  if (delivered) status = 'delivered';
  else if (attempts.length > 0 && attempts.every((a) => a.url === DEV_INBOX_URL)) status = 'dev_inbox';
  else if (last.size > 0 && [...last.values()].every(final)) status = 'failed';
  return {
    status,
    url: (delivered ?? attempts[attempts.length - 1])?.url ?? null,
    attempts,
    delivered_at: delivered?.at ?? null,
  };
}

/**
 * A row as documented [ev]. The list leaves out the attempts' error strings, which only
 * GET /events/{id} carries ("full delivery.attempts"). The sandbox does not time its POSTs,
 * so `duration_ms` is null.
 * @param {Store} store
 * @param {import('../config').Config} config
 * @param {ChertEvent} event
 * @param {boolean} full
 */
function eventRow(store, config, event, full) {
  const delivery = deliveryOf(store, config, event);
  return {
    id: event.id,
    type: event.type,
    event_id: event.payload.event_id ?? event.id,
    lead_id: event.lead_id,
    convo_id: event.lead_id,
    payload: structuredClone(event.payload),
    delivery: {
      status: delivery.status,
      url: delivery.url,
      attempts: delivery.attempts.map((a) => ({
        at: a.at,
        status: a.status,
        duration_ms: null,
        subscription_id: a.subscriptionId,
        ...(full && a.error !== undefined ? { error: a.error } : {}),
      })),
      delivered_at: delivery.delivered_at,
    },
    created_at: event.created_at,
  };
}

/** GET /events: newest first; filters type, status, lead_id, since (strictly after), limit, cursor. @param {Ctx} ctx */
function list(ctx) {
  const q = ctx.query;
  let limit = DEFAULT_LIMIT;
  if (q.limit !== undefined) {
    limit = Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError(1002, `\`limit\` must be an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  if (q.status !== undefined && !STATUSES.includes(q.status)) {
    throw new ApiError(1002, `\`status\` must be one of ${STATUSES.join(', ')}`);
  }
  const sinceMs = sinceMsOf(q.since);
  const offset = decodeCursor(q.cursor);
  const matching = [...ctx.store.events]
    .reverse()
    .map((e) => ({ e, row: eventRow(ctx.store, ctx.config, e, false) }))
    .filter(
      ({ e, row }) =>
        (q.type === undefined || e.type === q.type) &&
        (q.status === undefined || row.delivery.status === q.status) &&
        (q.lead_id === undefined || e.lead_id === q.lead_id) &&
        Date.parse(e.created_at) > sinceMs,
    );
  const page = matching.slice(offset, offset + limit);
  const nextOffset = offset + page.length;
  return {
    body: {
      events: page.map(({ row }) => row),
      next_cursor: nextOffset < matching.length ? Buffer.from(String(nextOffset)).toString('base64url') : null,
      count: page.length,
    },
  };
}

/**
 * `since` of GET /events and its stream: ISO 8601, events strictly after it.
 * @param {string | undefined} since
 */
function sinceMsOf(since) {
  if (since === undefined) return -Infinity;
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new ApiError(1002, '`since` must be an ISO 8601 date');
  return ms;
}

/**
 * GET /events/stream [ev]: server-sent events. With `since`, the events recorded after it
 * come first (oldest first), then live ones; without, only live ones.
 * @param {Ctx} ctx
 */
function stream(ctx) {
  const sinceMs = sinceMsOf(ctx.query.since);
  const backlog = ctx.query.since === undefined ? [] : ctx.store.events.filter((e) => Date.parse(e.created_at) > sinceMs);
  /** @type {import('../http').Reply} */
  const reply = { stream: (res) => ctx.store.streams.open(res, backlog, ctx.config) };
  return reply;
}

/** @param {Ctx} ctx */
function requireEvent(ctx) {
  const e = ctx.store.events.find((x) => x.id === ctx.params.eventId);
  // 2011 is documented for replay; the sandbox answers an unknown event the same on GET.
  if (!e) throw new ApiError(2011, `Event ${ctx.params.eventId} not found`);
  return e;
}

/** GET /events/{id}: "same row" [ev], answered bare. @param {Ctx} ctx */
function get(ctx) {
  return { body: eventRow(ctx.store, ctx.config, requireEvent(ctx), true) };
}

/**
 * Where a replay goes: the subscription named, else the ones the event was delivered to,
 * else every active subscription that wants its type. A dev-inbox subscription is no
 * destination (nothing is POSTed there).
 * @param {Ctx} ctx
 * @param {ChertEvent} event
 */
function replayTargets(ctx, event) {
  const { store } = ctx;
  const named = ctx.query.subscription_id;
  /** @type {import('../store').Subscription[]} */
  let targets;
  if (named !== undefined) {
    const sub = store.subscriptions.get(named);
    if (!sub) throw new ApiError(1002, `Webhook subscription ${named} not found: no destination for the replay`);
    targets = [sub];
  } else {
    const earlier = new Set(store.webhookDeliveries.filter((d) => d.eventId === event.id).map((d) => d.subscriptionId));
    const all = [...store.subscriptions.values()];
    targets = all.filter((s) => earlier.has(s.id));
    if (targets.length === 0) {
      targets = all.filter((s) => s.is_active && (s.events.length === 0 || s.events.includes(event.type)));
    }
  }
  targets = targets.filter((s) => s.url !== DEV_INBOX_URL);
  if (targets.length === 0) throw new ApiError(1002, 'The event has no destination to replay to');
  return targets;
}

/**
 * The replay answer's shape [ev]: `{ ok, error, downstream_status }`, with `code`,
 * `message`, `retryable` and `trace_id` on failure.
 * @param {Ctx} ctx
 * @param {ApiError} err
 * @param {number | null} downstreamStatus
 */
function replayFailure(ctx, err, downstreamStatus) {
  return {
    status: err.statusWith(ctx.config.statusOverrides),
    body: {
      ok: false,
      error: err.message,
      downstream_status: downstreamStatus,
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      trace_id: ctx.traceId,
    },
  };
}

/** POST /events/{id}/replay[?subscription_id=]: re-fires once per destination, no retries. @param {Ctx} ctx */
async function replay(ctx) {
  /** @type {import('../store').ChertEvent} */
  let event;
  /** @type {import('../store').Subscription[]} */
  let targets;
  try {
    event = requireEvent(ctx);
    targets = replayTargets(ctx, event);
  } catch (e) {
    if (e instanceof ApiError) return replayFailure(ctx, e, null);
    throw e;
  }
  event.replays += 1;
  const results = [];
  for (const sub of targets) {
    const { rawBody: _, ...result } = await deliverEvent(ctx.store, ctx.config, sub.id, event);
    results.push(result);
  }
  const failed = results.find((r) => !succeeded(r));
  if (failed) {
    const why = failed.error ?? `HTTP ${failed.status}`;
    const err = new ApiError(3004, `Replay delivery failed: ${why}`, { status: 502, retryable: CODES[3004].retryable });
    return replayFailure(ctx, err, failed.status || null);
  }
  return { body: { ok: true, error: null, downstream_status: results[results.length - 1].status } };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'GET', path: '/api/v1/events', handler: list },
  // Before /events/:eventId, which would take "stream" for an id.
  { method: 'GET', path: '/api/v1/events/stream', handler: stream },
  { method: 'GET', path: '/api/v1/events/:eventId', handler: get },
  { method: 'POST', path: '/api/v1/events/:eventId/replay', handler: replay },
];

module.exports = { routes, STATUSES, MAX_LIMIT };
