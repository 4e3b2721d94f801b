import { RequestThrottle } from '../../../nodes/Chert/helpers/rateLimit';

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

/** Asks for `count` tokens at once; resolves with the (fake) time each was granted. */
function acquireAll(throttle: RequestThrottle, count: number) {
	const grantedAt: number[] = [];
	const all = Promise.all(
		Array.from({ length: count }, async () => {
			await throttle.acquire();
			grantedAt.push(Date.now());
		}),
	);
	return { grantedAt, all };
}

describe('RequestThrottle', () => {
	it('with no limit, grants at once', async () => {
		const { grantedAt, all } = acquireAll(new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 1 }), 20);
		await all;
		expect(grantedAt).toEqual(Array(20).fill(0));
	});

	it('spaces requests evenly at the rate: one token, no bursts', async () => {
		const { grantedAt, all } = acquireAll(new RequestThrottle({ maxPerSecond: 10, maxConcurrency: 1 }), 5);
		await jest.advanceTimersByTimeAsync(1000);
		await all;
		expect(grantedAt).toEqual([0, 100, 200, 300, 400]);
	});

	it('a token unused for a while does not pile up into a burst', async () => {
		const throttle = new RequestThrottle({ maxPerSecond: 4, maxConcurrency: 1 });
		await throttle.acquire();
		await jest.advanceTimersByTimeAsync(5000);
		const { grantedAt, all } = acquireAll(throttle, 3);
		await jest.advanceTimersByTimeAsync(1000);
		await all;
		expect(grantedAt).toEqual([5000, 5250, 5500]);
	});

	it('a pause holds every request until it ends', async () => {
		const throttle = new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 1 });
		throttle.pauseFor(1000);
		const { grantedAt, all } = acquireAll(throttle, 3);
		await jest.advanceTimersByTimeAsync(999);
		expect(grantedAt).toEqual([]);
		await jest.advanceTimersByTimeAsync(1);
		await all;
		expect(grantedAt).toEqual([1000, 1000, 1000]);
	});

	it('a pause that begins while requests wait for their token holds them too, then the rate resumes', async () => {
		const throttle = new RequestThrottle({ maxPerSecond: 10, maxConcurrency: 1 });
		const { grantedAt, all } = acquireAll(throttle, 4);
		await jest.advanceTimersByTimeAsync(150);
		expect(grantedAt).toEqual([0, 100]);
		throttle.pauseFor(1000); // until 1150
		await jest.advanceTimersByTimeAsync(3000);
		await all;
		expect(grantedAt.slice(2).every((at) => at >= 1150)).toBe(true);
		expect(grantedAt[3] - grantedAt[2]).toBeGreaterThanOrEqual(100);
	});

	it('a shorter pause does not cut a longer one short', async () => {
		const throttle = new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 1 });
		throttle.pauseFor(2000);
		throttle.pauseFor(500);
		const { grantedAt, all } = acquireAll(throttle, 1);
		await jest.advanceTimersByTimeAsync(2000);
		await all;
		expect(grantedAt).toEqual([2000]);
	});

	describe('self-pacing with several requests in flight', () => {
		it('sends the first requests at once, before any round trip is known', async () => {
			const { grantedAt, all } = acquireAll(new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 10 }), 10);
			await all;
			expect(grantedAt).toEqual(Array(10).fill(0));
		});

		it('then spaces requests by 0.9 × round trip / concurrency, spreading a burst within one round trip', async () => {
			const throttle = new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 10 });
			throttle.recordRoundTrip(100);
			const { grantedAt, all } = acquireAll(throttle, 10);
			await jest.advanceTimersByTimeAsync(100);
			await all;
			expect(grantedAt).toEqual([0, 9, 18, 27, 36, 45, 54, 63, 72, 81]);
		});

		it('follows the round trip as a running average', async () => {
			const throttle = new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 4 });
			throttle.recordRoundTrip(100);
			throttle.recordRoundTrip(200); // 100 + 0.2 × (200 − 100) = 120
			const { grantedAt, all } = acquireAll(throttle, 3);
			await jest.advanceTimersByTimeAsync(100);
			await all;
			expect(grantedAt).toEqual([0, 27, 54]);
		});

		it('keeps the rate limit when it is the slower pace', async () => {
			const throttle = new RequestThrottle({ maxPerSecond: 20, maxConcurrency: 10 });
			throttle.recordRoundTrip(100);
			const { grantedAt, all } = acquireAll(throttle, 3);
			await jest.advanceTimersByTimeAsync(200);
			await all;
			expect(grantedAt).toEqual([0, 50, 100]);
		});

		it('never paces one request at a time: it already waits for its answer', async () => {
			const throttle = new RequestThrottle({ maxPerSecond: 0, maxConcurrency: 1 });
			throttle.recordRoundTrip(100);
			const { grantedAt, all } = acquireAll(throttle, 3);
			await all;
			expect(grantedAt).toEqual([0, 0, 0]);
		});
	});
});
