// @ts-check
'use strict';

const crypto = require('node:crypto');
const { ApiError } = require('./errors');

/** Allowed clock skew for signed requests, in seconds (documented: ±300 s). */
const SIGNATURE_WINDOW_SECONDS = 300;

/**
 * @typedef {{
 *   signingSecret: string,
 *   tenantSlug: string,
 *   requireTenantHeader: boolean,
 *   nowMs: () => number
 * }} AuthConfig
 * @typedef {Record<string, string | string[] | undefined>} Headers
 */

/**
 * The HMAC Chert expects: lowercase hex HMAC-SHA256 of "<unix>.<raw body>".
 * Exported so tests can build valid signatures the same way a client must.
 * @param {string} secret
 * @param {string | number} unixSeconds
 * @param {Buffer | string} rawBody exact bytes of the body ('' for GET)
 */
function computeSignature(secret, unixSeconds, rawBody) {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return crypto
    .createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${unixSeconds}.`, 'utf8'), body]))
    .digest('hex');
}

/**
 * Full `x-chert-signature` header value for a body.
 * @param {string} secret
 * @param {Buffer | string} rawBody
 * @param {number} [unixSeconds]
 */
function signatureHeader(secret, rawBody, unixSeconds = Math.floor(Date.now() / 1000)) {
  return `v1,${unixSeconds},${computeSignature(secret, unixSeconds, rawBody)}`;
}

/** @param {string | string[] | undefined} v */
function single(v) {
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time comparison of two strings (false when lengths differ). @param {string} a @param {string} b */
function safeEqual(a, b) {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Tenant header: with HMAC it is required (the key is looked up by tenant),
 * a missing one is an authentication failure (401 2004); a slug that does not
 * exist is 404 2001.
 * @param {Headers} headers
 * @param {AuthConfig} cfg
 * @param {boolean} required
 */
function checkTenant(headers, cfg, required) {
  const tenant = single(headers['x-chert-tenant']);
  if (tenant === undefined || tenant === '') {
    if (required) throw new ApiError(2004, 'x-chert-tenant header is required');
    return;
  }
  if (tenant !== cfg.tenantSlug) throw new ApiError(2001, `Tenant ${JSON.stringify(tenant)} not found`);
}

/**
 * Authenticates one /api/v1 request. The signature, when present, is checked
 * first and decides alone (a bad signature is not rescued by a good bearer).
 * @param {Headers} headers lower-cased
 * @param {Buffer} rawBody exact bytes received
 * @param {AuthConfig} cfg
 * @returns {'hmac' | 'bearer'}
 */
function authenticate(headers, rawBody, cfg) {
  const sigHeader = single(headers['x-chert-signature']);
  if (sigHeader !== undefined) {
    const m = /^v1,(\d+),([^,]+)$/.exec(sigHeader.trim());
    if (!m) throw new ApiError(2004, 'Malformed x-chert-signature (expected v1,<unix seconds>,<hex>)');
    checkTenant(headers, cfg, true);
    const ts = Number(m[1]);
    const nowSec = Math.floor(cfg.nowMs() / 1000);
    if (Math.abs(nowSec - ts) > SIGNATURE_WINDOW_SECONDS) {
      throw new ApiError(2013, `Signature timestamp ${ts} is outside ±${SIGNATURE_WINDOW_SECONDS}s of ${nowSec}`);
    }
    // Compared as sent: the docs ask for lowercase hex, uppercase is refused.
    if (!safeEqual(m[2], computeSignature(cfg.signingSecret, m[1], rawBody))) {
      throw new ApiError(2004, 'Signature does not match the request body');
    }
    return 'hmac';
  }
  checkBearer(headers, cfg);
  checkTenant(headers, cfg, cfg.requireTenantHeader);
  return 'bearer';
}

/**
 * @param {Headers} headers
 * @param {{ signingSecret: string }} cfg
 */
function checkBearer(headers, cfg) {
  const auth = single(headers.authorization);
  if (auth === undefined) throw new ApiError(2004, 'Missing Authorization header');
  const m = /^Bearer (.+)$/.exec(auth);
  if (!m || !safeEqual(m[1], cfg.signingSecret)) throw new ApiError(2004, 'Invalid bearer token');
}

module.exports = {
  SIGNATURE_WINDOW_SECONDS,
  computeSignature,
  signatureHeader,
  authenticate,
  checkBearer,
};
