import { sleep } from 'n8n-workflow';

import type { SendThrottle } from '../../shared/transport/request.types';

/** How much of a round trip a new round trip's time counts for in the running estimate. */
const ROUND_TRIP_WEIGHT = 0.2;
/**
 * Self-pacing runs this much faster than the concurrency allows (round trip / concurrency),
 * so that the number of requests in flight, not the pace, is what limits a run.
 */
const PACE_HEADROOM = 0.9;

/**
 * The pace of one node run, shared by all its requests in flight: every attempt (retries
 * included) waits here before it is sent.
 *
 * - A pause: when Chert answers any request with `retry_after`, nothing more is sent — by any
 *   request of the run, in flight or queued — until that time has passed.
 * - A token bucket refilled at `maxPerSecond` (0 = no limit) holding one token, so requests
 *   leave at most one per 1/`maxPerSecond` seconds, evenly spaced, never in bursts. Tokens
 *   are handed out in the order requests ask for them.
 * - Self-pacing with several requests in flight: requests sent together are answered
 *   together, and n8n handles each answer and sends the next request on its one thread, so
 *   the last of a burst waits for all the others, on every round trip while Chert answers
 *   in steady time. Once round trips have been measured, requests are also spaced by a
 *   little less than round trip / `maxConcurrency`: the most the concurrency allows anyway,
 *   so it costs no throughput, and it spreads a burst out within one round trip.
 */
export class RequestThrottle implements SendThrottle {
	private readonly intervalMs: number;
	/** When the next token is free. */
	private nextTokenAt = 0;
	private pausedUntil = 0;
	private roundTripMs: number | undefined;

	constructor(
		private readonly pace: { maxPerSecond: number; maxConcurrency: number },
		private readonly signal?: AbortSignal,
		private readonly now: () => number = Date.now,
	) {
		this.intervalMs = pace.maxPerSecond > 0 ? 1000 / pace.maxPerSecond : 0;
	}

	pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
	}

	recordRoundTrip(ms: number): void {
		this.roundTripMs =
			this.roundTripMs === undefined ? ms : this.roundTripMs + ROUND_TRIP_WEIGHT * (ms - this.roundTripMs);
	}

	/** The spacing between two requests: the rate limit's, or the self-pacing's if longer. */
	private spacingMs(): number {
		if (this.pace.maxConcurrency <= 1 || this.roundTripMs === undefined) return this.intervalMs;
		return Math.max(this.intervalMs, (PACE_HEADROOM * this.roundTripMs) / this.pace.maxConcurrency);
	}

	async acquire(): Promise<void> {
		for (;;) {
			const now = this.now();
			if (this.pausedUntil > now) {
				await sleep(this.pausedUntil - now, this.signal);
				continue;
			}
			const at = Math.max(now, this.nextTokenAt);
			this.nextTokenAt = at + this.spacingMs();
			if (at <= now) return;
			await sleep(at - now, this.signal);
			// A pause that began while this request waited for its token holds it too.
			if (this.pausedUntil <= this.now()) return;
		}
	}
}
