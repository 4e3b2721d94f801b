// @ts-check
'use strict';

const crypto = require('node:crypto');
const { ApiError } = require('../errors');
const { isMissing, objectBody } = require('../validate');
const { newId } = require('../store');

const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;
// Accepted MIME syntax only: Chert's MIME limits are not documented, so no type is refused (no 5003).
const MIME = /^[\w.+-]+\/[\w.+-]+$/;

/** @typedef {import('../http').Ctx} Ctx */

/** @param {string | string[] | undefined} v */
function single(v) {
  return Array.isArray(v) ? v[0] : v;
}

/** POST /attachments: reserves an id and an upload URL on the sandbox. @param {Ctx} ctx */
function createAttachment(ctx) {
  const body = objectBody(ctx.body);
  for (const field of ['filename', 'content_type', 'size_bytes']) {
    if (isMissing(body[field]) || body[field] === '') throw new ApiError(1001, `\`${field}\` is required`);
  }
  if (typeof body.filename !== 'string') throw new ApiError(1002, '`filename` must be a string');
  if (typeof body.content_type !== 'string' || !MIME.test(body.content_type)) {
    throw new ApiError(1002, '`content_type` must be a MIME type such as image/png');
  }
  const size = body.size_bytes;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw new ApiError(1002, '`size_bytes` must be a positive integer');
  }
  if (size > MAX_ATTACHMENT_BYTES) throw new ApiError(5002, `Attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`);

  const id = newId();
  const expiresAt = new Date(ctx.nowMs + ctx.config.uploadTtlMs).toISOString();
  ctx.store.attachments.set(id, {
    id,
    filename: body.filename,
    content_type: body.content_type,
    size_bytes: size,
    state: 'pending',
    direction: 'outbound',
    created_ms: ctx.nowMs,
    expires_at: expiresAt,
  });
  return {
    body: {
      attachment_id: id,
      upload_url: `${ctx.config.baseUrl}/uploads/${id}`,
      required_headers: { authorization: `Bearer ${ctx.config.signingSecret}`, 'content-type': body.content_type },
      expires_at: expiresAt,
    },
  };
}

/**
 * PUT <upload_url>: raw bytes, bearer only (checked by the router), with the
 * required content-type and a Content-Length equal to size_bytes.
 * @param {Ctx} ctx
 */
function upload(ctx) {
  const att = ctx.store.attachments.get(ctx.params.attachmentId);
  if (!att || att.direction !== 'outbound') throw new ApiError(5001, `Attachment ${ctx.params.attachmentId} not found`);
  if (ctx.nowMs > Date.parse(att.expires_at)) throw new ApiError(1012, 'Upload URL has expired');
  const contentType = single(ctx.headers['content-type']);
  // Parameters (e.g. "; charset=utf-8") are tolerated, the media type must match.
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType !== att.content_type.toLowerCase()) {
    throw new ApiError(
      1002,
      `Content-Type must be ${JSON.stringify(att.content_type)} (from required_headers), got ${JSON.stringify(contentType ?? null)}`,
    );
  }
  const declared = single(ctx.headers['content-length']);
  if (declared === undefined) throw new ApiError(1001, 'Content-Length is required', { status: 411 });
  if (Number(declared) !== att.size_bytes || ctx.rawBytes.length !== att.size_bytes) {
    throw new ApiError(
      1002,
      `Body is ${ctx.rawBytes.length} bytes (Content-Length ${declared}) but size_bytes was ${att.size_bytes}`,
    );
  }
  att.bytes = Buffer.from(ctx.rawBytes);
  att.sha256 = crypto.createHash('sha256').update(att.bytes).digest('hex');
  att.state = 'uploaded';
  return { status: 200, headers: { ETag: `"${att.sha256}"` } };
}

/**
 * The attachment named by the route's `attachmentId`, with its bytes: 5001 when there is
 * none, 5004 while it has not been uploaded. @param {Ctx} ctx
 */
function uploadedAttachment(ctx) {
  const att = ctx.store.attachments.get(ctx.params.attachmentId);
  if (!att) throw new ApiError(5001, `Attachment ${ctx.params.attachmentId} not found`);
  if (att.state !== 'uploaded' || !att.bytes) throw new ApiError(5004, `Attachment ${att.id} has not been uploaded yet`);
  return /** @type {typeof att & { bytes: Buffer }} */ (att);
}

/** GET /attachments/{attachment_id}/content @param {Ctx} ctx */
function content(ctx) {
  const att = uploadedAttachment(ctx);
  return {
    bytes: att.bytes,
    headers: {
      'Content-Type': att.content_type,
      'Content-Disposition': `attachment; filename="${att.filename.replace(/["\\\r\n]/g, '_')}"`,
    },
  };
}

/** @type {import('../http').Route[]} */
const routes = [
  { method: 'POST', path: '/api/v1/attachments', handler: createAttachment },
  { method: 'GET', path: '/api/v1/attachments/:attachmentId/content', handler: content },
  { method: 'PUT', path: '/uploads/:attachmentId', handler: upload, auth: 'bearer-only', rawBody: true },
];

module.exports = { routes, MAX_ATTACHMENT_BYTES, uploadedAttachment };
