// @ts-check
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { ApiError } = require('./errors');
const { authenticate, checkBearer } = require('./auth');

/**
 * @typedef {import('./config').Config} Config
 * @typedef {import('./store').Store} Store
 * @typedef {import('./store').LoggedRequest} LoggedRequest
 * @typedef {{
 *   method: string, path: string, params: Record<string, string>, query: Record<string, string>,
 *   headers: Record<string, string | string[] | undefined>, rawBytes: Buffer, body: unknown,
 *   store: Store, config: Config, nowMs: number, nowIso: string, traceId: string, log: LoggedRequest
 * }} Ctx
 * @typedef {{
 *   status?: number, body?: unknown, bytes?: Buffer, headers?: Record<string, string>,
 *   stream?: (res: http.ServerResponse) => void
 * }} Reply `stream` takes the response over (server-sent events): it writes head and body itself
 * @typedef {(ctx: Ctx) => Reply | Promise<Reply>} Handler
 * @typedef {{
 *   method: string,
 *   path: string,
 *   handler: Handler,
 *   auth?: 'api' | 'bearer-only' | 'none',
 *   errorShape?: 'envelope' | 'flat',
 *   rawBody?: boolean
 * }} Route
 */

const API_BODY_LIMIT = 10 * 1024 * 1024;
// Uploads may be up to 100 MB; a little slack so the size check answers, not the socket.
const UPLOAD_BODY_LIMIT = 100 * 1024 * 1024 + 1024;

/** @param {string} pattern e.g. '/api/v1/chats/:chatId/messages' */
function compilePath(pattern) {
  /** @type {string[]} */
  const names = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const re = new RegExp(`^${source}/?$`);
  /** @param {string} path @returns {Record<string, string> | null} */
  return (path) => {
    const m = re.exec(path);
    if (!m) return null;
    /** @type {Record<string, string>} */
    const params = {};
    names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]);
    });
    return params;
  };
}

function newTraceId() {
  return crypto.randomBytes(16).toString('hex');
}

/**
 * Error body in the documented envelope, or the flat shape of POST /send.
 * @param {ApiError} err
 * @param {number} status
 * @param {string} traceId
 * @param {'envelope' | 'flat'} shape
 */
function errorBody(err, status, traceId, shape) {
  if (shape === 'flat') {
    return {
      success: false,
      error: err.message,
      code: err.code,
      status,
      retryable: err.retryable,
      ...err.extra,
      trace_id: traceId,
    };
  }
  return {
    success: false,
    error: { status, code: err.code, message: err.message, retryable: err.retryable, ...err.extra },
    trace_id: traceId,
  };
}

/**
 * @param {http.IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(5002, `Body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Takes the first queued fault matching this request, if any.
 * @param {Store} store
 * @param {string} method
 * @param {string} path
 * @returns {import('./store').Fault | undefined}
 */
function takeFault(store, method, path) {
  const i = store.faults.findIndex(
    (f) =>
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
  );
  if (i < 0) return undefined;
  const fault = store.faults[i];
  if ((fault.skip ?? 0) > 0) {
    fault.skip = /** @type {number} */ (fault.skip) - 1;
    return undefined;
  }
  fault.times -= 1;
  if (fault.times <= 0) store.faults.splice(i, 1);
  return fault;
}

/**
 * The error answer of an `error` fault: the request is refused before anything happens.
 * @param {import('./store').Fault} fault
 */
function faultError(fault) {
  /** @type {Record<string, unknown>} */
  const extra = {};
  /** @type {Record<string, string>} */
  const headers = {};
  if (fault.retry_after !== undefined) {
    extra.retry_after = fault.retry_after;
    headers['retry-after'] = String(fault.retry_after);
  }
  return new ApiError(fault.code ?? 3001, fault.message, {
    status: fault.status,
    retryable: fault.retryable,
    extra,
    headers,
  });
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * @param {Config} config
 * @param {Store} store
 * @param {Route[]} routeTable
 */
function createServer(config, store, routeTable) {
  const routes = routeTable.map((r) => ({ ...r, match: compilePath(r.path) }));

  return http.createServer(async (req, res) => {
    store.inFlight += 1;
    try {
      await handle(req, res);
    } finally {
      store.inFlight -= 1;
      if (store.inFlight === 0) for (const resolve of store.idleWaiters.splice(0)) resolve();
    }
  });

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const traceId = newTraceId();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    /** @type {LoggedRequest} */
    const log = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      rawBody: '',
      rawBytes: Buffer.alloc(0),
      body: undefined,
      status: undefined,
      traceId,
      auth: null,
      idempotentReplay: false,
      at: new Date(config.nowMs()).toISOString(),
      answeredAt: undefined,
      fault: undefined,
    };
    const candidates = routes.filter((r) => r.match(path) !== null);
    const route = candidates.find((r) => r.method === method);
    const shape = route?.errorShape ?? 'envelope';
    // The phone page is no Chert API call: its polls must neither show in the request log
    // the node's tests read nor take a fault a test queued for the node.
    const apiCall = route?.auth !== 'none';
    if (apiCall) store.requests.push(log);

    /** @param {Reply} reply */
    const send = (reply) => {
      const status = reply.status ?? 200;
      log.status = status;
      log.answeredAt = new Date(config.nowMs()).toISOString();
      res.setHeader('X-Trace-ID', traceId);
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      if (reply.stream) {
        reply.stream(res);
      } else if (reply.bytes) {
        res.writeHead(status);
        res.end(reply.bytes);
      } else if (reply.body === undefined) {
        res.writeHead(status);
        res.end();
      } else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.writeHead(status);
        res.end(JSON.stringify(reply.body));
      }
    };

    try {
      const raw = await readBody(req, route?.rawBody ? UPLOAD_BODY_LIMIT : API_BODY_LIMIT);
      log.rawBytes = raw;
      log.rawBody = raw.toString('utf8');
      const latencyMs = config.latencyMs + Math.floor(Math.random() * (config.latencyJitterMs + 1));
      if (latencyMs > 0) await sleep(latencyMs);

      if (!route) {
        if (candidates.length > 0) throw new ApiError(1002, `Method ${method} not allowed on ${path}`, { status: 405 });
        throw new ApiError(1002, `No route for ${method} ${path}`, { status: 404 });
      }

      if (route.auth === 'bearer-only') {
        checkBearer(req.headers, config);
        log.auth = 'bearer';
      } else if (route.auth === 'none') {
        // The phone page: the demo's customer view, not part of Chert's API.
      } else {
        log.auth = authenticate(req.headers, raw, config);
      }

      // error: refused, nothing done. delay: done after a pause the client may not wait
      // out. drop: done, then the connection is cut before the answer (the client cannot
      // tell whether the message went out).
      const fault = apiCall ? takeFault(store, method, path) : undefined;
      if (fault) log.fault = fault.kind ?? 'error';
      if (fault && (fault.kind ?? 'error') === 'error') throw faultError(fault);
      if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);

      /** @type {unknown} */
      let body;
      if (!route.rawBody && raw.length > 0) {
        try {
          body = JSON.parse(log.rawBody);
        } catch {
          throw new ApiError(1004, 'Request body is not valid JSON');
        }
        log.body = body;
      }

      const nowMs = config.nowMs();
      const reply = await route.handler({
        method,
        path,
        params: /** @type {Record<string, string>} */ (route.match(path)),
        query: log.query,
        headers: req.headers,
        rawBytes: raw,
        body,
        store,
        config,
        nowMs,
        nowIso: new Date(nowMs).toISOString(),
        traceId,
        log,
      });
      if (fault?.kind === 'drop') {
        log.status = 0;
        log.answeredAt = new Date(config.nowMs()).toISOString();
        req.socket.destroy();
        return;
      }
      send(reply);
    } catch (e) {
      const err =
        e instanceof ApiError ? e : new ApiError(3001, `Sandbox failure: ${e instanceof Error ? e.message : String(e)}`);
      const status = err.statusWith(config.statusOverrides);
      if (!(e instanceof ApiError)) console.error('[chert-sandbox]', e);
      if (res.headersSent || res.destroyed) return;
      send({ status, body: errorBody(err, status, traceId, shape), headers: err.headers });
    }
  }
}

module.exports = { createServer, compilePath, errorBody };
