/**
 * The queue-mode suite (npm run test:e2e:queue): Redis, PostgreSQL, n8n main and two workers,
 * each with the packed package. Slow, and one stack at a time.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['<rootDir>/test/e2e-queue/**/*.e2e.test.{ts,js}'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 600000,
	maxWorkers: 1,
	// Provisioning n8n on an empty cache takes minutes: done once, before the suites and their timeouts.
	globalSetup: '<rootDir>/test/e2e/lib/global-setup.js',
};
