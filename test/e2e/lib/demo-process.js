// @ts-check
'use strict';

/**
 * `npm run demo` as the browser suites use it: `node scripts/demo.js` in a child process
 * (output to a file), ready once it prints DEMO_READY, stopped with SIGINT as Ctrl-C does.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freePort } = require('./ports');
const { n8nProcesses } = require('./processes');
const { REPO } = require('./provision');

/**
 * What the demo prints on its DEMO_READY line.
 * @typedef {{ editor: string, email: string, password: string, form: string, sandbox: string,
 *   phone: string, sender: string, replies: string }} DemoInfo
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

class DemoProcess {
	/** @param {string} logFile where the demo's output goes */
	constructor(logFile) {
		this.logFile = logFile;
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.child = undefined;
		/** @type {Promise<number | null> | undefined} */
		this.exit = undefined;
		this.n8nPort = 0;
	}

	output() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/**
	 * Starts the demo on a free n8n port and waits for its DEMO_READY line.
	 * @returns {Promise<DemoInfo>}
	 */
	async start() {
		fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
		const out = fs.openSync(this.logFile, 'w');
		const env = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_')),
		);
		const child = spawn(process.execPath, [path.join(REPO, 'scripts/demo.js')], {
			cwd: REPO,
			env: { ...env, DEMO_N8N_PORT: String(await freePort()) },
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		this.child = child;
		this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
		let exited = false;
		void this.exit.then(() => (exited = true));

		const deadline = Date.now() + 9 * 60_000; // a first run provisions Node 24 and n8n
		while (Date.now() < deadline) {
			const line = this.output()
				.split('\n')
				.find((l) => l.startsWith('DEMO_READY '));
			if (line) {
				/** @type {DemoInfo} */
				const info = JSON.parse(line.slice('DEMO_READY '.length));
				this.n8nPort = Number(new URL(info.editor).port);
				return info;
			}
			if (exited) throw new Error(`the demo exited before DEMO_READY:\n${this.output().slice(-4000)}`);
			await sleep(500);
		}
		throw new Error(`no DEMO_READY after 9 minutes:\n${this.output().slice(-4000)}`);
	}

	/**
	 * SIGINT to the demo (its handler stops n8n and the sandbox), then makes sure nothing is left.
	 * @returns {Promise<string[]>} what went wrong, if anything
	 */
	async stop() {
		/** @type {string[]} */
		const problems = [];
		const demo = this.child;
		if (demo && demo.exitCode === null && demo.signalCode === null) {
			demo.kill('SIGINT');
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 45_000)));
			const code = await Promise.race([this.exit, timeout]);
			clearTimeout(timer);
			if (code === 'timeout') {
				problems.push('the demo did not exit within 45 s of SIGINT');
				demo.kill('SIGKILL');
				await this.exit;
			} else if (code !== 0) {
				problems.push(`the demo exited with ${code} after SIGINT`);
			}
		}
		if (this.n8nPort) {
			const left = n8nProcesses(this.n8nPort);
			if (left.length > 0) {
				problems.push(`n8n processes left after the demo stopped: ${left.join(', ')}`);
				for (const pid of left) {
					try {
						process.kill(pid, 'SIGKILL');
					} catch {
						// already gone
					}
				}
			}
			const listening = await fetch(`http://127.0.0.1:${this.n8nPort}/healthz`).then(
				() => true,
				() => false,
			);
			if (listening) problems.push(`something still answers on n8n's port ${this.n8nPort}`);
		}
		return problems;
	}
}

/**
 * Fills in and submits the demo's form (its published or test URL) as a customer would, and
 * waits for n8n's confirmation.
 * @param {import('playwright-core').Page} page
 * @param {string} formUrl
 * @param {{ name: string, phone: string }} customer
 */
async function submitDemoForm(page, formUrl, customer) {
	await page.goto(formUrl);
	await page.getByText('Get your order updates over iMessage').waitFor();
	await page.getByLabel('Name').fill(customer.name);
	await page.getByLabel('Phone').fill(customer.phone);
	await page.locator('#submit-btn').click();
	await page.getByText('Form Submitted').waitFor();
}

module.exports = { DemoProcess, submitDemoForm };
