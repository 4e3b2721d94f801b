// @ts-check
'use strict';

/**
 * Local fake of the Chert HTTP API, written from shared/chert-api.md only.
 * It is an independent oracle for the node's tests: it must never import
 * from the project's nodes/ or credentials/.
 */

const crypto = require('node:crypto');
const { resolveConfig, DEFAULT_SIGNING_SECRET, DEFAULT_TENANT_SLUG } = require('./config');
const { Store, newId } = require('./store');
const { createServer } = require('./http');
const { signatureHeader, computeSignature } = require('./auth');
const { signWebhook, addInboundMessage, deliverEvent, deliverToSubscribers, recordEvent } = require('./webhooks');
const { CODES, ApiError } = require('./errors');
const { deliveryChatIdOf } = require('./routes/locations');

/** @type {import('./http').Route[]} */
const ROUTES = [
  ...require('./routes/chats').routes,
  ...require('./routes/groups').routes,
  ...require('./routes/messages').routes,
  ...require('./routes/phoneNumbers').routes,
  ...require('./routes/attachments').routes,
  ...require('./routes/send').routes,
  ...require('./routes/locations').routes,
  ...require('./routes/webhookSubscriptions').routes,
  ...require('./routes/events').routes,
  ...require('./routes/phone').routes,
];

/**
 * @typedef {import('./config').SandboxOptions} SandboxOptions
 * @typedef {Omit<import('./store').Fault, 'times'> & { times?: number }} FaultInput
 * @typedef {{
 *   url: string,
 *   port: number,
 *   signingSecret: string,
 *   tenantSlug: string,
 *   config: import('./config').Config,
 *   state: Store,
 *   close: () => Promise<void>,
 *   reset: () => void,
 *   idle: () => Promise<void>,
 *   deliveredTo: (phone: string) => number,
 *   injectFault: (fault: FaultInput) => void,
 *   injectError: (fault: FaultInput) => void,
 *   sign: (rawBody?: string | Buffer, unixSeconds?: number) => string,
 *   authHeaders: (opts?: { hmac?: boolean, rawBody?: string | Buffer, unixSeconds?: number }) => Record<string, string>,
 *   addInboundMessage: (a: import('./webhooks').InboundMessageInput) =>
 *     { message: import('./store').Message, event: import('./store').ChertEvent, deliveries: Promise<import('./store').WebhookDelivery[]> },
 *   addEvent: (a: { type: string, data: Record<string, unknown>, leadId?: string | null, deliver?: boolean }) =>
 *     { event: import('./store').ChertEvent, deliveries: Promise<import('./store').WebhookDelivery[]> },
 *   deliverEvent: (subscriptionId: string, event: import('./store').ChertEvent | Record<string, unknown>,
 *     opts?: import('./webhooks').DeliveryOptions) => Promise<import('./store').WebhookDelivery & { rawBody: string }>,
 *   deliveriesSettled: () => Promise<void>,
 *   addInboundAttachment: (a: { filename: string, content_type: string, bytes: Buffer | string }) => string,
 *   deliveryChatIdOf: (chatId: string) => string,
 *   markDelivered: (messageId: string) => void,
 *   dropStreams: () => void,
 *   openStreams: () => number
 * }} Sandbox
 */

/**
 * Starts a sandbox on 127.0.0.1 (a free port unless options.port).
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
  const config = resolveConfig(options);
  const store = new Store();
  const server = createServer(config, store, ROUTES);

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox: unexpected server address');
  const port = address.port;
  config.baseUrl = `http://127.0.0.1:${port}`;

  /** @type {Sandbox} */
  const sandbox = {
    url: config.baseUrl,
    port,
    signingSecret: config.signingSecret,
    tenantSlug: config.tenantSlug,
    config,
    state: store,
    close: () =>
      new Promise((resolve, reject) => {
        // Their heartbeat and lifetime timers would keep the process alive.
        store.streams.closeAll();
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (fetch keeps them) would hold close() open.
        server.closeAllConnections();
      }),
    reset: () => store.reset(),
    idle: () => store.idle(),
    deliveredTo: (phone) => store.deliveredTo(phone),
    injectFault: (fault) => {
      store.faults.push({ ...fault, times: fault.times ?? 1 });
    },
    injectError: (fault) => sandbox.injectFault({ ...fault, kind: 'error' }),
    sign: (rawBody = '', unixSeconds) =>
      signatureHeader(config.signingSecret, rawBody, unixSeconds ?? Math.floor(config.nowMs() / 1000)),
    authHeaders: (opts = {}) => {
      /** @type {Record<string, string>} */
      const headers = {};
      if (!opts.hmac) {
        headers.authorization = `Bearer ${config.signingSecret}`;
        return headers;
      }
      const unix = opts.unixSeconds ?? Math.floor(config.nowMs() / 1000);
      headers['x-chert-signature'] = signatureHeader(config.signingSecret, opts.rawBody ?? '', unix);
      headers['x-chert-tenant'] = config.tenantSlug;
      return headers;
    },
    addInboundMessage: (a) => addInboundMessage(store, config, a),
    addEvent: (a) => {
      const event = recordEvent(store, config, { type: a.type, leadId: a.leadId ?? null, data: a.data });
      return { event, deliveries: a.deliver === false ? Promise.resolve([]) : deliverToSubscribers(store, config, event) };
    },
    deliverEvent: (subscriptionId, event, opts) => deliverEvent(store, config, subscriptionId, event, opts),
    deliveriesSettled: async () => {
      while (store.pendingDeliveries.size > 0) await Promise.allSettled([...store.pendingDeliveries]);
    },
    addInboundAttachment: (a) => {
      const id = newId();
      const bytes = typeof a.bytes === 'string' ? Buffer.from(a.bytes, 'utf8') : Buffer.from(a.bytes);
      store.attachments.set(id, {
        id,
        filename: a.filename,
        content_type: a.content_type,
        size_bytes: bytes.length,
        state: 'uploaded',
        direction: 'inbound',
        created_ms: config.nowMs(),
        expires_at: new Date(config.nowMs()).toISOString(),
        bytes,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      });
      return id;
    },
    deliveryChatIdOf: (chatId) => {
      const id = deliveryChatIdOf(store, chatId);
      if (id === undefined) throw new Error(`sandbox: no chat ${chatId}`);
      return id;
    },
    markDelivered: (messageId) => {
      const m = store.messages.get(messageId);
      if (!m) throw new Error(`sandbox: no message ${messageId}`);
      m.status = 'delivered';
      m.delivered_at = new Date(config.nowMs()).toISOString();
    },
    dropStreams: () => store.streams.dropAll(),
    openStreams: () => store.streams.size,
  };
  return sandbox;
}

module.exports = {
  startSandbox,
  computeSignature,
  signatureHeader,
  signWebhook,
  CODES,
  ApiError,
  DEFAULT_SIGNING_SECRET,
  DEFAULT_TENANT_SLUG,
};
