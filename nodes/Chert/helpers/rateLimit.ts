import { sleep } from 'n8n-workflow';

import type { SendThrottle } from '../transport/request.types';

/**
 * The pace of one node run, shared by all its requests in flight: every attempt (retries
 * included) waits here before it is sent.
 *
 * - A pause: when Chert answers any request with `retry_after`, nothing more is sent — by any
 *   request of the run, in flight or queued — until that time has passed.
 * - A token bucket refilled at `maxPerSecond` (0 = no limit) holding one token, so requests
 *   leave at most one per 1/`maxPerSecond` seconds, evenly spaced, never in bursts. Tokens
 *   are handed out in the order requests ask for them.
 */
export class RequestThrottle implements SendThrottle {
	private readonly intervalMs: number;
	/** When the next token is free. */
	private nextTokenAt = 0;
	private pausedUntil = 0;

	constructor(
		maxPerSecond: number,
		private readonly signal?: AbortSignal,
		private readonly now: () => number = Date.now,
	) {
		this.intervalMs = maxPerSecond > 0 ? 1000 / maxPerSecond : 0;
	}

	pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
	}

	async acquire(): Promise<void> {
		for (;;) {
			const now = this.now();
			if (this.pausedUntil > now) {
				await sleep(this.pausedUntil - now, this.signal);
				continue;
			}
			const at = Math.max(now, this.nextTokenAt);
			this.nextTokenAt = at + this.intervalMs;
			if (at <= now) return;
			await sleep(at - now, this.signal);
			// A pause that began while this request waited for its token holds it too.
			if (this.pausedUntil <= this.now()) return;
		}
	}
}
