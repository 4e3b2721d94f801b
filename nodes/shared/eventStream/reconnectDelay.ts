const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;

/**
 * The wait before reconnecting after `failures` failed attempts in a row (server errors, no
 * answer): 1 s doubling to 60 s, each drawn from its upper half so that many n8n instances
 * cut off by one outage do not all come back in the same second.
 */
export function reconnectDelayMs(failures: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
	return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
