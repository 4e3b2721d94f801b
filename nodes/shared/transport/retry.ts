import type { ChertErrorDetails } from './errors';

/** Longest wait the node accepts from Chert's `retry_after` before giving up instead. */
export const MAX_RETRY_AFTER_SECONDS = 120;
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 20_000;

/**
 * Chert answered, but asks to be asked again (rate limits, busy lines, server errors). Its
 * own `retryable` flag decides; an answer without one (a proxy's 502, say) is judged by its
 * status, "not implemented" aside.
 */
export function isRetryableAnswer(details: ChertErrorDetails): boolean {
	if (typeof details.retryable === 'boolean') return details.retryable;
	return details.httpStatus === 429 || (details.httpStatus >= 500 && details.httpStatus !== 501);
}

/**
 * How long to wait before attempt `attempt + 1`: Chert's `retry_after` when it gives one,
 * else exponential backoff with full jitter (so parallel items do not retry in step).
 * Undefined when Chert asks for a wait longer than the node is willing to hold the workflow.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds?: number): number | undefined {
	if (retryAfterSeconds !== undefined) {
		const pause = requestedPauseMs(retryAfterSeconds);
		return pause === undefined ? undefined : pause + Math.floor(Math.random() * 250);
	}
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * The pause Chert asks for with `retry_after`, in milliseconds, when it is one the node is
 * willing to wait out; every request of the node run then waits it out, not only the one
 * that was told.
 */
export function requestedPauseMs(retryAfterSeconds: number | undefined): number | undefined {
	if (retryAfterSeconds === undefined || retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) return undefined;
	return Math.max(0, retryAfterSeconds * 1000);
}
