// @ts-check
'use strict';

/**
 * Debian's Chromium for the browser tests, driven by playwright-core (which never downloads
 * a browser of its own here). Installed with apt when missing: the machines run as root and
 * reach Debian's package archive.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a closed network: without the background-networking ones Chromium keeps trying
 * Google's services and floods the log with refused connections.
 */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** @returns {string} the Chromium executable, installed with apt if it was missing */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const apt = (/** @type {string[]} */ ...args) =>
		execFileSync('apt-get', args, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	apt('update');
	apt('install', '-y', 'chromium');
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get install chromium did not provide ${CHROMIUM}`);
	return CHROMIUM;
}

/**
 * Launches Chromium with a fresh profile (a persistent context, so the profile folder is
 * ours to choose and remove). Close it with the returned `close()`.
 * @param {{ viewport?: { width: number, height: number } }} [options]
 */
async function launchChromium(options = {}) {
	const { chromium } = require('playwright-core');
	const executablePath = ensureChromium();
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chert-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: options.viewport ?? { width: 1440, height: 900 },
	});
	const close = async () => {
		await context.close().catch(() => undefined);
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { context, close, executablePath, userDataDir };
}

module.exports = { ensureChromium, launchChromium, CHROMIUM, CHROMIUM_ARGS };
