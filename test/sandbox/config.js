// @ts-check
'use strict';

/** Fixed 32-hex test secret (the real one is 32 hex characters, shown once in the console). */
const DEFAULT_SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const DEFAULT_TENANT_SLUG = 'acme';
const DEFAULT_PHONE_NUMBERS = ['+15550000001', '+15550000002'];

/**
 * Capability names are not documented; these are the sandbox's own. A line
 * without 'edit' answers 4099 to edits (the docs name "edit on a line without
 * it" as a 4099 case).
 */
const DEFAULT_CAPABILITIES = ['text', 'media', 'rich_link', 'typing', 'read_receipts', 'reactions', 'edit', 'location'];

/**
 * @typedef {{
 *   id: string, phone_line_id: string, phone_number: string, service: 'imessage',
 *   is_active: boolean, capabilities: string[]
 * }} PhoneNumber
 * @typedef {string | (Partial<PhoneNumber> & { phone_number: string })} PhoneNumberOption
 * @typedef {{
 *   port?: number,
 *   signingSecret?: string,
 *   tenantSlug?: string,
 *   phoneNumbers?: PhoneNumberOption[],
 *   latencyMs?: number,
 *   latencyJitterMs?: number,
 *   statusOverrides?: Record<number, number>,
 *   requireTenantHeader?: boolean,
 *   maxTextLength?: number,
 *   now?: () => number,
 *   getMessageShape?: 'wrapped' | 'bare',
 *   editWindowMs?: number,
 *   uploadTtlMs?: number,
 *   allowHttpWebhooks?: boolean,
 *   webhookRetryDelaysMs?: number[],
 *   webhookTimeoutMs?: number,
 *   streamLifetimeMs?: number,
 *   streamHeartbeatMs?: number
 * }} SandboxOptions
 * @typedef {{
 *   signingSecret: string,
 *   tenantSlug: string,
 *   phoneNumbers: PhoneNumber[],
 *   latencyMs: number,
 *   latencyJitterMs: number,
 *   statusOverrides: Record<number, number>,
 *   requireTenantHeader: boolean,
 *   maxTextLength: number,
 *   nowMs: () => number,
 *   getMessageShape: 'wrapped' | 'bare',
 *   editWindowMs: number,
 *   uploadTtlMs: number,
 *   allowHttpWebhooks: boolean,
 *   webhookRetryDelaysMs: number[],
 *   webhookTimeoutMs: number,
 *   streamLifetimeMs: number,
 *   streamHeartbeatMs: number,
 *   baseUrl: string
 * }} Config
 */

/**
 * @param {PhoneNumberOption} n
 * @param {number} i
 * @returns {PhoneNumber}
 */
function normalizePhoneNumber(n, i) {
  const o = typeof n === 'string' ? { phone_number: n } : n;
  return {
    id: o.id ?? `pn_${i + 1}`,
    phone_line_id: o.phone_line_id ?? `line_${i + 1}`,
    phone_number: o.phone_number,
    service: 'imessage',
    is_active: o.is_active ?? true,
    capabilities: o.capabilities ? [...o.capabilities] : [...DEFAULT_CAPABILITIES],
  };
}

/**
 * @param {SandboxOptions} options
 * @returns {Config}
 */
function resolveConfig(options) {
  return {
    signingSecret: options.signingSecret ?? DEFAULT_SIGNING_SECRET,
    tenantSlug: options.tenantSlug ?? DEFAULT_TENANT_SLUG,
    phoneNumbers: (options.phoneNumbers ?? DEFAULT_PHONE_NUMBERS).map(normalizePhoneNumber),
    latencyMs: options.latencyMs ?? 0,
    // Each request waits latencyMs plus a random 0…latencyJitterMs, so answers to requests
    // sent together come back in another order.
    latencyJitterMs: options.latencyJitterMs ?? 0,
    statusOverrides: { ...(options.statusOverrides ?? {}) },
    requireTenantHeader: options.requireTenantHeader ?? false,
    // The docs name 1009 "text too long" without a limit: 0 disables the check.
    maxTextLength: options.maxTextLength ?? 0,
    nowMs: options.now ?? (() => Date.now()),
    getMessageShape: options.getMessageShape ?? 'wrapped',
    editWindowMs: options.editWindowMs ?? 15 * 60 * 1000,
    uploadTtlMs: options.uploadTtlMs ?? 60 * 60 * 1000,
    // Chert documents `url (https)`: a plain-http subscription URL is refused unless a
    // test (n8n on http://127.0.0.1) asks for it explicitly.
    allowHttpWebhooks: options.allowHttpWebhooks ?? false,
    // "5xx/unreachable is retried up to 3 times with exponential backoff": the delays are
    // not documented; these are short so tests do not wait.
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [200, 400, 800],
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    // GET /events/stream: documented "lives 60 s", "heartbeat comments every 15 s". Tests
    // shorten both; a heartbeat of 0 makes the stream silent (a dead-looking connection).
    streamLifetimeMs: options.streamLifetimeMs ?? 60_000,
    streamHeartbeatMs: options.streamHeartbeatMs ?? 15_000,
    baseUrl: '',
  };
}

module.exports = {
  DEFAULT_SIGNING_SECRET,
  DEFAULT_TENANT_SLUG,
  DEFAULT_PHONE_NUMBERS,
  DEFAULT_CAPABILITIES,
  resolveConfig,
};
