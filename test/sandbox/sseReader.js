// @ts-check
'use strict';

/**
 * A small server-sent-events reader for the sandbox's tests: what a client of
 * GET /events/stream sees, item by item. Comments (`: heartbeat`) are kept as items
 * because tests count them; an `event:` block without `data:` (Chert's `event: close`)
 * is kept too, though a browser's EventSource would drop it.
 */

/**
 * @typedef {{ kind: 'comment', text: string, at: number }
 *   | { kind: 'event', event: string, data: string, id: string | undefined, at: number }} SseItem
 * @typedef {{ clean: boolean }} SseEnd clean = the server ended the body; false = the connection broke
 */

/**
 * @param {string} url
 * @param {Record<string, string>} headers
 */
async function openSse(url, headers) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  /** @type {SseItem[]} */
  const items = [];
  /** @type {Array<() => void>} */
  const waiters = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };

  /** @type {Promise<SseEnd>} */
  const ended = (async () => {
    if (!res.body) return { clean: true };
    const decoder = new TextDecoder();
    let buffer = '';
    /** @type {{ event?: string, data: string[], id?: string } | null} */
    let block = null;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { clean: true };
        buffer += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (block) items.push({ kind: 'event', event: block.event ?? 'message', data: block.data.join('\n'), id: block.id, at: Date.now() });
            block = null;
          } else if (line.startsWith(':')) {
            items.push({ kind: 'comment', text: line.slice(1).trim(), at: Date.now() });
          } else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            block ??= { data: [] };
            if (field === 'data') block.data.push(value);
            else if (field === 'event') block.event = value;
            else if (field === 'id') block.id = value;
          }
        }
        wake();
      }
    } catch {
      return { clean: false };
    } finally {
      wake();
    }
  })();
  let isOver = false;
  ended.then(() => {
    isOver = true;
    wake();
  });

  /** @type {Set<SseItem>} */
  const taken = new Set();
  /**
   * Resolves with the first item (from the start) that matches and was not taken yet.
   * @param {(item: SseItem) => boolean} match
   * @param {number} [timeoutMs]
   * @returns {Promise<SseItem>}
   */
  async function next(match, timeoutMs = 3000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = items.find((i) => !taken.has(i) && match(i));
      if (found) {
        taken.add(found);
        return found;
      }
      if (isOver) throw new Error(`SSE stream ended before a matching item; saw ${JSON.stringify(items)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching SSE item within ${timeoutMs} ms; saw ${JSON.stringify(items)}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve(undefined);
        });
      });
    }
  }

  return {
    status: res.status,
    headers: res.headers,
    items,
    ended,
    next,
    /** The data of the next `message` event, parsed. */
    nextData: async (timeoutMs = 3000) =>
      JSON.parse(/** @type {{ data: string }} */ (await next((i) => i.kind === 'event' && i.event === 'message', timeoutMs)).data),
    events: () => items.filter((i) => i.kind === 'event'),
    comments: (text = 'heartbeat') => items.filter((i) => i.kind === 'comment' && i.text === text),
    close: () => controller.abort(),
  };
}

module.exports = { openSse };
