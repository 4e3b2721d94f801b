// @ts-check
'use strict';

const { ApiError } = require('./errors');

/**
 * JSON with object keys sorted, so "the same body" means the same content
 * whatever the key order or whitespace of the retry.
 * @param {unknown} v
 * @returns {string}
 */
function canonicalJson(v) {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(/** @type {Record<string, unknown>} */ (v)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * Runs a send at most once per idempotency key.
 * - no key: always runs;
 * - key seen with the same route and body: answers the stored first answer
 *   again (same ids), nothing is delivered;
 * - key seen with another route or body: 409 code 1012, nothing is delivered.
 * Only successful answers are stored, so a refused request leaves its key free.
 * @param {import('./http').Ctx} ctx
 * @param {unknown} key
 * @param {() => import('./http').Reply} produce performs the send
 * @returns {import('./http').Reply}
 */
function idempotent(ctx, key, produce) {
  if (key === undefined || key === null) return produce();
  if (typeof key !== 'string' || key === '') throw new ApiError(1002, '`idempotency_key` must be a non-empty string');
  const route = `${ctx.method} ${ctx.path.replace(/\/$/, '')}`;
  const fingerprint = canonicalJson(ctx.body);
  const seen = ctx.store.idempotency.get(key);
  if (seen) {
    if (seen.route !== route || seen.fingerprint !== fingerprint) {
      throw new ApiError(1012, `idempotency_key ${JSON.stringify(key)} was already used with a different request`, {
        status: 409,
      });
    }
    ctx.log.idempotentReplay = true;
    return { status: seen.status, body: structuredClone(seen.body), headers: { 'X-Idempotent-Replay': 'true' } };
  }
  const reply = produce();
  ctx.store.idempotency.set(key, {
    route,
    fingerprint,
    status: reply.status ?? 200,
    body: structuredClone(reply.body),
  });
  return reply;
}

module.exports = { idempotent, canonicalJson };
