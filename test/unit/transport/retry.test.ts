import { isRetryableAnswer, MAX_RETRY_AFTER_SECONDS, retryDelayMs } from '../../../nodes/shared/transport/retry';

const answer = (httpStatus: number, retryable?: boolean) => ({ httpStatus, message: 'x', retryable });

describe('isRetryableAnswer: Chert’s retryable flag decides', () => {
	it.each([
		[answer(429, true), true],
		[answer(503, true), true],
		[answer(500, true), true],
		[answer(502, false), false],
		[answer(400, false), false],
		[answer(409, true), true],
	])('%j → %s', (details, expected) => expect(isRetryableAnswer(details)).toBe(expected));

	it.each([
		[429, true],
		[500, true],
		[502, true],
		[503, true],
		[501, false],
		[400, false],
		[404, false],
	])('without a flag, HTTP %i → %s', (status, expected) => expect(isRetryableAnswer(answer(status))).toBe(expected));
});

describe('retryDelayMs', () => {
	it('honours retry_after, with a little jitter', () => {
		for (let i = 0; i < 50; i++) {
			const delay = retryDelayMs(1, 2) as number;
			expect(delay).toBeGreaterThanOrEqual(2000);
			expect(delay).toBeLessThan(2250);
		}
	});

	it('refuses to wait longer than the cap', () => {
		expect(retryDelayMs(1, MAX_RETRY_AFTER_SECONDS + 1)).toBeUndefined();
		expect(retryDelayMs(1, MAX_RETRY_AFTER_SECONDS)).toBeDefined();
	});

	it('backs off exponentially with jitter inside [ceiling/2, ceiling)', () => {
		for (const [attempt, ceiling] of [
			[1, 500],
			[2, 1000],
			[3, 2000],
			[10, 20000],
		]) {
			const delays = Array.from({ length: 100 }, () => retryDelayMs(attempt) as number);
			expect(Math.min(...delays)).toBeGreaterThanOrEqual(ceiling / 2);
			expect(Math.max(...delays)).toBeLessThan(ceiling);
			expect(new Set(delays).size).toBeGreaterThan(1);
		}
	});
});
