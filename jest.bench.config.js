/**
 * The benchmark's in-process part (heap use per item through n8n's engine), run by
 * `npm run bench`, never by `npm test`: it measures, it does not judge.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.config.js'),
	testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 600000,
};
