// @ts-check
'use strict';

const crypto = require('node:crypto');
const { StreamHub } = require('./streams');

/**
 * In-memory state of one sandbox. Records are kept in the shape the API
 * answers with, plus a few internal fields (never serialised directly: see
 * the `*View` functions in views.js).
 */

/**
 * @typedef {{ service: 'imessage', address: string }} Handle
 * @typedef {{
 *   id: string, display_name: string | null, handles: Handle[], is_group: boolean,
 *   service: 'imessage', health_score: number, created_at: string,
 *   from: string, phone_line_id: string, message_ids: string[], read_at: string | null,
 *   typing: 'typing' | 'stopped' | null, group_chat_icon?: string
 * }} Chat
 * @typedef {{
 *   id: string, chat_id: string, parts: Array<Record<string, unknown>>, status: string,
 *   direction: 'outbound' | 'inbound', created_at: string, delivered_at: string | null,
 *   read_at: string | null, service: 'imessage', subject?: string, sender_handle: string,
 *   created_ms: number, date_edited?: string | null, edit_history: Array<Record<string, unknown>>,
 *   reactions: Array<{ reaction: string, at: string, from?: string }>, kind: 'message' | 'location',
 *   location?: Record<string, unknown>
 * }} Message
 * @typedef {{
 *   messageId: string, chatId: string, from: string, to: string[], parts: Array<Record<string, unknown>>,
 *   via: string, at: string, location?: Record<string, unknown>
 * }} Delivery
 * @typedef {{
 *   id: string, filename: string, content_type: string, size_bytes: number,
 *   state: 'pending' | 'uploaded', direction: 'outbound' | 'inbound',
 *   created_ms: number, expires_at: string, bytes?: Buffer, sha256?: string
 * }} Attachment
 * @typedef {{ fingerprint: string, route: string, status: number, body: unknown }} IdempotencyRecord
 * @typedef {{
 *   id: string, url: string, events: string[], version: string, is_active: boolean,
 *   created_at: string, secret: string
 * }} Subscription
 * @typedef {{
 *   id: string, type: string, status: string, lead_id: string | null, created_at: string,
 *   payload: Record<string, unknown>, replays: number
 * }} ChertEvent
 * @typedef {{
 *   method: string, path: string, query: Record<string, string>, headers: Record<string, string | string[] | undefined>,
 *   rawBody: string, rawBytes: Buffer, body: unknown, status: number | undefined, traceId: string,
 *   auth: 'bearer' | 'hmac' | null, idempotentReplay: boolean, at: string,
 *   answeredAt: string | undefined, fault: 'error' | 'delay' | 'drop' | undefined
 * }} LoggedRequest
 * @typedef {{
 *   subscriptionId: string, eventId: string, url: string, attempt: number,
 *   status: number, responseBody: string, error?: string, tamper?: string, at: string
 * }} WebhookDelivery status 0 = no answer (unreachable, timeout)
 * @typedef {{
 *   kind?: 'error' | 'delay' | 'drop',
 *   method?: string, path?: string | RegExp, code?: number, status?: number, message?: string,
 *   retryable?: boolean, retry_after?: number, delayMs?: number, skip?: number, times: number
 * }} Fault
 */

function newId() {
  return crypto.randomUUID();
}

class Store {
  constructor() {
    /** @type {LoggedRequest[]} */ this.requests = [];
    /** @type {Map<string, Chat>} */ this.chats = new Map();
    /** @type {Map<string, Message>} */ this.messages = new Map();
    /** @type {Delivery[]} */ this.messagesDelivered = [];
    /** @type {Map<string, Attachment>} */ this.attachments = new Map();
    /** @type {Map<string, IdempotencyRecord>} */ this.idempotency = new Map();
    /** @type {Map<string, Subscription>} */ this.subscriptions = new Map();
    /** @type {ChertEvent[]} */ this.events = [];
    /** Every webhook POST the sandbox made, retries included, in order. */
    /** @type {WebhookDelivery[]} */ this.webhookDeliveries = [];
    /** Automatic deliveries still running (with their retries). */
    /** @type {Set<Promise<unknown>>} */ this.pendingDeliveries = new Set();
    /** Errors queued by tests with `injectError`, consumed by matching requests. */
    /** @type {Fault[]} */ this.faults = [];
    /** Requests being handled now (a delayed one may outlive the client that sent it). */
    this.inFlight = 0;
    /** @type {Array<() => void>} */ this.idleWaiters = [];
    /** Open GET /events/stream connections: every recorded event is pushed to them. */
    this.streams = new StreamHub();
  }

  /** Resolves once no request is being handled. */
  idle() {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(() => resolve(undefined)));
  }

  /** Clears everything a test could have produced; phone numbers and options stay. */
  reset() {
    this.requests.length = 0;
    this.chats.clear();
    this.messages.clear();
    this.messagesDelivered.length = 0;
    this.attachments.clear();
    this.idempotency.clear();
    this.subscriptions.clear();
    this.events.length = 0;
    this.webhookDeliveries.length = 0;
    this.faults.length = 0;
  }

  /**
   * Number of real sends (idempotent replays excluded) that reached `phone`.
   * @param {string} phone E.164
   */
  deliveredTo(phone) {
    return this.messagesDelivered.filter((d) => d.to.includes(phone)).length;
  }

  /** @param {string} id */
  messagesOf(id) {
    const chat = this.chats.get(id);
    if (!chat) return [];
    return chat.message_ids.map((mid) => /** @type {Message} */ (this.messages.get(mid)));
  }
}

module.exports = { Store, newId };
