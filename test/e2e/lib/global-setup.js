// @ts-check
'use strict';

/**
 * Jest's globalSetup for the real-n8n suites: installs Node and n8n (N8N_VERSION) into the
 * cache before any test file starts. Done inside a test file's beforeAll instead, a first run
 * on an empty cache (about 6 to 10 minutes) outlasts the hook's timeout.
 */
const { provisionN8n } = require('./provision');

module.exports = async function provisionBeforeTheSuites() {
	provisionN8n();
};
