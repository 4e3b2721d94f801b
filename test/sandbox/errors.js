// @ts-check
'use strict';

/**
 * Error catalogue of the Chert API (see shared/chert-api.md), in one table so
 * every handler answers the same status/retryable for a given code.
 * Where the docs disagree on a status, the value chosen here is noted; any of
 * them can be overridden per sandbox with `options.statusOverrides`.
 */

/** @typedef {{ status: number, retryable: boolean, message: string }} CodeInfo */

/** @type {Record<number, CodeInfo>} */
const CODES = {
  1001: { status: 400, retryable: false, message: 'Required field missing' },
  1002: { status: 400, retryable: false, message: 'Invalid field value' },
  1003: { status: 400, retryable: false, message: 'Invalid phone number (must be E.164)' },
  1004: { status: 400, retryable: false, message: 'Request body is not valid JSON' },
  1005: {
    status: 400,
    retryable: false,
    message: 'Links are not allowed in a first message text part; use a rich_link part',
  },
  // 400 in the catalogue ("too many parts"); the recipients case passes 422 explicitly.
  1006: { status: 400, retryable: false, message: 'Too many parts or recipients' },
  1007: { status: 429, retryable: true, message: 'Rate limited' },
  1008: { status: 400, retryable: false, message: 'Two text parts in a row' },
  1009: { status: 400, retryable: false, message: 'Text too long' },
  1010: { status: 400, retryable: false, message: 'Unsupported service (only imessage)' },
  1011: { status: 409, retryable: false, message: 'Part type mismatch or bad attachment reference' },
  1012: { status: 409, retryable: false, message: 'Invalid state' },
  1013: { status: 409, retryable: false, message: 'Contact has no phone' },
  2001: { status: 404, retryable: false, message: 'Tenant not found' },
  2002: { status: 404, retryable: false, message: 'Chat not found' },
  2003: { status: 404, retryable: false, message: 'Message not found' },
  2004: { status: 401, retryable: false, message: 'Authentication failed' },
  2005: { status: 403, retryable: false, message: 'Forbidden' },
  // 403 as on the group page (catalogue says 400); overridable.
  2006: { status: 403, retryable: false, message: '`from` is not a number of this tenant' },
  2007: { status: 403, retryable: false, message: 'Email not verified' },
  2008: { status: 402, retryable: false, message: 'Account limit reached' },
  2011: { status: 404, retryable: false, message: 'Event not found' },
  2012: { status: 401, retryable: false, message: 'Authentication failed' },
  2013: { status: 401, retryable: false, message: 'Signature timestamp outside the allowed window' },
  3001: { status: 500, retryable: true, message: 'Internal server error' },
  3002: { status: 502, retryable: true, message: 'Bad gateway' },
  3003: { status: 503, retryable: true, message: 'Service unavailable' },
  // 3004 is the replay's delivery failure [ev], answered 502.
  3004: { status: 502, retryable: true, message: 'Replay delivery failed' },
  4001: { status: 502, retryable: true, message: 'Downstream delivery failed' },
  4002: { status: 503, retryable: true, message: 'Every line is saturated for this recipient' },
  4098: { status: 400, retryable: false, message: 'Unknown send effect' },
  // 422 as in the catalogue (some pages say 501); overridable.
  4099: { status: 422, retryable: false, message: 'Not supported' },
  // The docs only say "4xx" for 5001-5004; these are the sandbox's picks.
  5001: { status: 404, retryable: false, message: 'Attachment not found' },
  5002: { status: 413, retryable: false, message: 'Attachment too large' },
  5003: { status: 415, retryable: false, message: 'Unsupported attachment type' },
  5004: { status: 409, retryable: false, message: 'Attachment not yet uploaded' },
};

class ApiError extends Error {
  /**
   * @param {number} code Chert error code (key of CODES)
   * @param {string} [message] overrides the catalogue message
   * @param {{ status?: number, retryable?: boolean, extra?: Record<string, unknown>, headers?: Record<string, string> }} [more]
   *   `status` forces the HTTP status (for codes whose status depends on context);
   *   `extra` fields are added to the error object (retry_after, attachment_index, ...).
   */
  constructor(code, message, more = {}) {
    const info = CODES[code] ?? { status: 400, retryable: false, message: 'Error' };
    super(message ?? info.message);
    this.code = code;
    this.explicitStatus = more.status;
    this.retryable = more.retryable ?? info.retryable;
    this.extra = more.extra ?? {};
    this.headers = more.headers ?? {};
  }

  /**
   * @param {Record<number, number>} [overrides] sandbox-wide status per code
   * @returns {number}
   */
  statusWith(overrides) {
    if (overrides && overrides[this.code] !== undefined) return overrides[this.code];
    return this.explicitStatus ?? CODES[this.code]?.status ?? 400;
  }
}

module.exports = { CODES, ApiError };
