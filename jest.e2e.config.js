/** The real-n8n suite: slow (a real n8n per file), so it runs on its own, one file at a time. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.{ts,js}'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 180000,
	maxWorkers: 1,
	// Provisioning n8n on an empty cache takes minutes: done once, before the suites and their timeouts.
	globalSetup: '<rootDir>/test/e2e/lib/global-setup.js',
};
