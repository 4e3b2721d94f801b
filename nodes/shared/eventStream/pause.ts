import { sleep } from 'n8n-workflow';

/** Longest single timer: a wait cut short by `signal` leaves at most this much timer behind. */
const SLICE_MS = 1000;

/**
 * Waits `ms`, or less when `signal` aborts first; never rejects. Built from n8n's `sleep`
 * (nodes may not use timers themselves), in slices, because `sleep` of n8n 1.x cannot be
 * cancelled: a closed trigger must not hold the process for a whole backoff.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
	if (ms <= 0 || signal.aborted) return;
	let onAbort = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		const until = Date.now() + ms;
		for (let left = ms; left > 0 && !signal.aborted; left = until - Date.now()) {
			// n8n 2.x's sleep also takes the signal and clears its timer; 1.x ignores it.
			await Promise.race([sleep(Math.min(left, SLICE_MS), signal).catch(() => {}), aborted]);
		}
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
