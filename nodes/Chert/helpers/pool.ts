/**
 * Runs `task(0)`, `task(1)`, … `task(count - 1)` with at most `concurrency` of them at a time,
 * starting them in index order. A fixed set of workers takes the next index when one is free,
 * so nothing is held per waiting task: memory does not grow with `count`.
 *
 * When a task throws, no further task is started; the ones already running settle, and then
 * the error of the lowest index that failed is thrown (the one a sequential loop would have
 * stopped at). The same happens, with no error of its own, when `signal` aborts (n8n cancelled
 * the execution): nothing new starts.
 */
export async function runPool(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
	signal?: AbortSignal,
): Promise<void> {
	let next = 0;
	const failed: { index: number; error: unknown }[] = [];

	const worker = async () => {
		while (failed.length === 0 && next < count && signal?.aborted !== true) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failed.push({ index, error });
			}
		}
	};

	const workers = Math.max(1, Math.min(count, Math.floor(concurrency) || 1));
	await Promise.all(Array.from({ length: workers }, worker));
	if (failed.length > 0) throw failed.reduce((first, other) => (other.index < first.index ? other : first)).error;
}
