// @ts-check
'use strict';

const { ApiError } = require('./errors');

/** E.164: '+', no leading zero, at most 15 digits. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * What counts as "a URL inside a text part" for the first-message rule.
 * The docs do not define it; scheme URLs and www. hosts are caught, bare
 * domains ("example.com") are not, to avoid refusing ordinary sentences.
 */
const URL_IN_TEXT = /(?:\bhttps?:\/\/|\bwww\.)\S/i;

const PART_TYPES = ['text', 'media', 'rich_link', 'link'];
const MAX_PARTS = 10;

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {unknown} v */
function isAbsoluteHttpUrl(v) {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** @param {unknown} v */
function isMissing(v) {
  return v === undefined || v === null;
}

/**
 * @param {unknown} value
 * @param {string} field name used in messages
 */
function requirePhone(value, field) {
  if (isMissing(value) || value === '') throw new ApiError(1001, `\`${field}\` is required`);
  if (typeof value !== 'string' || !E164.test(value)) {
    throw new ApiError(1003, `\`${field}\` must be an E.164 phone number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * @typedef {{
 *   firstMessage: boolean,
 *   isGroup: boolean,
 *   maxTextLength: number,
 *   attachments: Map<string, import('./store').Attachment>
 * }} PartsContext
 * @typedef {Record<string, unknown>} Part
 */

/**
 * Field checks per part type, run on each part in order. Each throws the
 * first problem found in that part.
 * @type {Record<string, (part: Part, index: number, ctx: PartsContext) => void>}
 */
const PART_FIELD_RULES = {
  text(part, i, ctx) {
    if (typeof part.value !== 'string' || part.value.trim() === '') {
      throw new ApiError(1002, `parts[${i}]: a text part needs a non-empty string \`value\``);
    }
    if (ctx.maxTextLength > 0 && part.value.length > ctx.maxTextLength) {
      throw new ApiError(1009, `parts[${i}]: text longer than ${ctx.maxTextLength} characters`);
    }
  },
  media(part, i) {
    const ref = part.attachment_id;
    // "URLs are not attachment refs": a URL in place of an id is 1011, not a missing field.
    if (isMissing(ref) && part.url !== undefined) {
      throw new ApiError(1011, `parts[${i}]: media parts take an attachment_id, not a url`, {
        extra: { attachment_index: i },
      });
    }
    if (typeof ref !== 'string' || ref === '') {
      throw new ApiError(1002, `parts[${i}]: a media part needs an \`attachment_id\``);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      throw new ApiError(1011, `parts[${i}]: attachment_id must be an id from POST /attachments, not a URL`, {
        extra: { attachment_index: i },
      });
    }
  },
  rich_link(part, i) {
    if (!isAbsoluteHttpUrl(part.url)) {
      throw new ApiError(1002, `parts[${i}]: a rich_link part needs an absolute http(s) \`url\``);
    }
    for (const field of ['image_url', 'icon_url']) {
      if (part[field] !== undefined && !isAbsoluteHttpUrl(part[field])) {
        throw new ApiError(1002, `parts[${i}]: \`${field}\` must be an absolute http(s) URL`);
      }
    }
    for (const field of ['title', 'summary']) {
      if (part[field] !== undefined && typeof part[field] !== 'string') {
        throw new ApiError(1002, `parts[${i}]: \`${field}\` must be a string`);
      }
    }
  },
  // Legacy part: its fields are not documented; the sandbox asks for a url like rich_link.
  link(part, i) {
    if (!isAbsoluteHttpUrl(part.url)) {
      throw new ApiError(1002, `parts[${i}]: a link part needs an absolute http(s) \`url\``);
    }
  },
};

/**
 * Rules over the whole parts list, evaluated top to bottom; the first one
 * that throws decides the answer. Cheap structural rules come before rules
 * that depend on stored attachments.
 * @type {Array<{ name: string, check: (parts: Part[], ctx: PartsContext) => void }>}
 */
const PARTS_RULES = [
  {
    name: 'at most 10 parts (1006)',
    check(parts) {
      if (parts.length > MAX_PARTS) {
        throw new ApiError(1006, `At most ${MAX_PARTS} parts per message, got ${parts.length}`, { status: 400 });
      }
    },
  },
  {
    name: 'known part types (1002)',
    check(parts) {
      parts.forEach((part, i) => {
        if (!isObject(part) || typeof part.type !== 'string' || !PART_TYPES.includes(part.type)) {
          throw new ApiError(1002, `parts[${i}]: type must be one of ${PART_TYPES.join(', ')}`);
        }
      });
    },
  },
  {
    name: 'fields of each part',
    check(parts, ctx) {
      parts.forEach((part, i) => PART_FIELD_RULES[/** @type {string} */ (part.type)](part, i, ctx));
    },
  },
  {
    name: 'no two text parts in a row (1008)',
    check(parts) {
      for (let i = 1; i < parts.length; i++) {
        if (parts[i].type === 'text' && parts[i - 1].type === 'text') {
          throw new ApiError(1008, `parts[${i - 1}] and parts[${i}] are both text; merge them`);
        }
      }
    },
  },
  {
    name: 'first message: no legacy link part (1005)',
    check(parts, ctx) {
      if (!ctx.firstMessage) return;
      const i = parts.findIndex((p) => p.type === 'link');
      if (i >= 0) throw new ApiError(1005, `parts[${i}]: legacy link parts are refused in a first message; use rich_link`);
    },
  },
  {
    name: 'first message: no URL in text (1005)',
    check(parts, ctx) {
      if (!ctx.firstMessage) return;
      const i = parts.findIndex((p) => p.type === 'text' && URL_IN_TEXT.test(String(p.value)));
      if (i >= 0) throw new ApiError(1005, `parts[${i}]: URLs are refused in a first message text part; use rich_link`);
    },
  },
  {
    name: "group's first message: text only (4099)",
    check(parts, ctx) {
      if (!ctx.firstMessage || !ctx.isGroup) return;
      const i = parts.findIndex((p) => p.type === 'media' || p.type === 'rich_link');
      if (i >= 0) {
        throw new ApiError(4099, `parts[${i}]: ${parts[i].type} is not supported in a group's first message`);
      }
    },
  },
  {
    name: 'media attachments exist and are uploaded (5001, 5004)',
    check(parts, ctx) {
      parts.forEach((part, i) => {
        if (part.type !== 'media') return;
        const att = ctx.attachments.get(String(part.attachment_id));
        if (!att) {
          throw new ApiError(5001, `parts[${i}]: attachment ${part.attachment_id} not found`, {
            extra: { attachment_index: i },
          });
        }
        if (att.state !== 'uploaded') {
          throw new ApiError(5004, `parts[${i}]: attachment ${att.id} has not been uploaded yet`, {
            extra: { attachment_index: i },
          });
        }
      });
    },
  },
];

/**
 * Validates `message.parts` of a send; returns a deep copy to store.
 * @param {unknown} parts
 * @param {PartsContext} ctx
 * @returns {Part[]}
 */
function validateParts(parts, ctx) {
  if (isMissing(parts)) throw new ApiError(1001, '`message.parts` is required');
  if (!Array.isArray(parts)) throw new ApiError(1002, '`message.parts` must be an array');
  if (parts.length === 0) throw new ApiError(1001, '`message.parts` must contain at least one part');
  for (const rule of PARTS_RULES) rule.check(parts, ctx);
  return structuredClone(parts);
}

/**
 * The JSON body as an object: an empty body reads as {} (so missing fields
 * answer 1001), any other JSON value is 1002.
 * @param {unknown} body
 * @returns {Record<string, unknown>}
 */
function objectBody(body) {
  if (body === undefined) return {};
  if (!isObject(body)) throw new ApiError(1002, 'Request body must be a JSON object');
  return body;
}

/**
 * Optional string field.
 * @param {Record<string, unknown>} obj
 * @param {string} field
 * @returns {string | undefined}
 */
function optionalString(obj, field) {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(1002, `\`${field}\` must be a string`);
  return v;
}

/**
 * `service`, when given, must be imessage (Chert v1 sends over iMessage only).
 * @param {unknown} service
 */
function checkService(service) {
  if (service !== undefined && service !== null && service !== 'imessage') {
    throw new ApiError(1010, `Unsupported service ${JSON.stringify(service)}; only "imessage" is available`);
  }
}

module.exports = {
  E164,
  URL_IN_TEXT,
  MAX_PARTS,
  PARTS_RULES,
  isObject,
  isMissing,
  isAbsoluteHttpUrl,
  requirePhone,
  validateParts,
  checkService,
  objectBody,
  optionalString,
};
