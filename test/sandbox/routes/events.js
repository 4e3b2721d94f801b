// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { eventView } = require('../views');

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** @typedef {import('../http').Ctx} Ctx */

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

/** GET /events: newest first; filters type, status, lead_id, since, limit, cursor. @param {Ctx} ctx */
function list(ctx) {
  const q = ctx.query;
  let limit = DEFAULT_LIMIT;
  if (q.limit !== undefined) {
    limit = Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError(1002, `\`limit\` must be an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  let sinceMs = -Infinity;
  if (q.since !== undefined) {
    sinceMs = Date.parse(q.since);
    if (Number.isNaN(sinceMs)) throw new ApiError(1002, '`since` must be an ISO 8601 date');
  }
  const offset = decodeCursor(q.cursor);
  const matching = [...ctx.store.events]
    .reverse()
    .filter(
      (e) =>
        (q.type === undefined || e.type === q.type) &&
        (q.status === undefined || e.status === q.status) &&
        (q.lead_id === undefined || e.lead_id === q.lead_id) &&
        Date.parse(e.created_at) >= sinceMs,
    );
  const page = matching.slice(offset, offset + limit);
  const nextOffset = offset + page.length;
  return {
    body: {
      events: page.map(eventView),
      next_cursor: nextOffset < matching.length ? Buffer.from(String(nextOffset)).toString('base64url') : null,
      count: page.length,
    },
  };
}

/** @param {Ctx} ctx */
function requireEvent(ctx) {
  const e = ctx.store.events.find((x) => x.id === ctx.params.eventId);
  // No "event not found" code is documented: 404 with code 1002.
  if (!e) throw new ApiError(1002, `Event ${ctx.params.eventId} not found`, { status: 404 });
  return e;
}

/** @param {Ctx} ctx */
function get(ctx) {
  return { body: { event: eventView(requireEvent(ctx)) } };
}

/** Answer undocumented: { status: 'queued', event_id }; the sandbox only counts replays. @param {Ctx} ctx */
function replay(ctx) {
  const e = requireEvent(ctx);
  e.replays += 1;
  return { body: { status: 'queued', event_id: e.id } };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'GET', path: '/api/v1/events', handler: list },
  { method: 'GET', path: '/api/v1/events/:eventId', handler: get },
  { method: 'POST', path: '/api/v1/events/:eventId/replay', handler: replay },
];

module.exports = { routes };
