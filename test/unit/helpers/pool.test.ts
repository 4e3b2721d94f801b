import { runPool } from '../../../nodes/Chert/helpers/pool';

/** A task whose calls can be finished from the test, in any order. */
function controlledTasks() {
	const started: number[] = [];
	const finish = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
	let inFlight = 0;
	let maxInFlight = 0;
	const task = async (index: number) => {
		started.push(index);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			await new Promise<void>((resolve, reject) => finish.set(index, { resolve, reject }));
		} finally {
			inFlight--;
		}
	};
	const settle = async () => await new Promise((resolve) => setImmediate(resolve));
	return { started, finish, task, settle, maxInFlight: () => maxInFlight };
}

describe('runPool', () => {
	it('runs every index once, never more than `concurrency` at a time, starting in index order', async () => {
		const seen: number[] = [];
		let inFlight = 0;
		let maxInFlight = 0;
		await runPool(50, 4, async (index) => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			seen.push(index);
			// Later indexes finish first, so slots free up out of order.
			await new Promise((resolve) => setTimeout(resolve, (50 - index) % 7));
			inFlight--;
		});
		expect(seen).toEqual(Array.from({ length: 50 }, (_, index) => index));
		expect(maxInFlight).toBe(4);
	});

	it('runs one at a time with concurrency 1, and copes with no items', async () => {
		const { task, finish, started, settle, maxInFlight } = controlledTasks();
		const done = runPool(3, 1, task);
		for (let index = 0; index < 3; index++) {
			await settle();
			expect(started).toEqual(Array.from({ length: index + 1 }, (_, i) => i));
			finish.get(index)?.resolve();
		}
		await done;
		expect(maxInFlight()).toBe(1);
		await expect(runPool(0, 5, task)).resolves.toBeUndefined();
	});

	it('after a failure starts nothing new, lets running tasks settle, then throws the lowest failed index', async () => {
		const { task, finish, started, settle } = controlledTasks();
		const done = runPool(10, 3, task);
		await settle();
		expect(started).toEqual([0, 1, 2]);

		finish.get(2)?.reject(new Error('item 2'));
		await settle();
		expect(started).toEqual([0, 1, 2]);
		finish.get(1)?.reject(new Error('item 1'));
		finish.get(0)?.resolve();

		await expect(done).rejects.toThrow('item 1');
		expect(started).toEqual([0, 1, 2]);
	});

	it('starts nothing new once the signal aborts', async () => {
		const { task, finish, started, settle } = controlledTasks();
		const controller = new AbortController();
		const done = runPool(10, 2, task, controller.signal);
		await settle();
		controller.abort();
		finish.get(0)?.resolve();
		finish.get(1)?.resolve();
		await done;
		expect(started).toEqual([0, 1]);
	});
});
