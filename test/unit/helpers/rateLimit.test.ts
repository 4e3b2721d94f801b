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
		const { grantedAt, all } = acquireAll(new RequestThrottle(0), 20);
		await all;
		expect(grantedAt).toEqual(Array(20).fill(0));
	});

	it('spaces requests evenly at the rate: one token, no bursts', async () => {
		const { grantedAt, all } = acquireAll(new RequestThrottle(10), 5);
		await jest.advanceTimersByTimeAsync(1000);
		await all;
		expect(grantedAt).toEqual([0, 100, 200, 300, 400]);
	});

	it('a token unused for a while does not pile up into a burst', async () => {
		const throttle = new RequestThrottle(4);
		await throttle.acquire();
		await jest.advanceTimersByTimeAsync(5000);
		const { grantedAt, all } = acquireAll(throttle, 3);
		await jest.advanceTimersByTimeAsync(1000);
		await all;
		expect(grantedAt).toEqual([5000, 5250, 5500]);
	});

	it('a pause holds every request until it ends', async () => {
		const throttle = new RequestThrottle(0);
		throttle.pauseFor(1000);
		const { grantedAt, all } = acquireAll(throttle, 3);
		await jest.advanceTimersByTimeAsync(999);
		expect(grantedAt).toEqual([]);
		await jest.advanceTimersByTimeAsync(1);
		await all;
		expect(grantedAt).toEqual([1000, 1000, 1000]);
	});

	it('a pause that begins while requests wait for their token holds them too, then the rate resumes', async () => {
		const throttle = new RequestThrottle(10);
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
		const throttle = new RequestThrottle(0);
		throttle.pauseFor(2000);
		throttle.pauseFor(500);
		const { grantedAt, all } = acquireAll(throttle, 1);
		await jest.advanceTimersByTimeAsync(2000);
		await all;
		expect(grantedAt).toEqual([2000]);
	});
});
