// @ts-check
'use strict';

/**
 * One real n8n process (Node 24, the provisioned version) with its own user folder and ports,
 * and this package installed as a community package. Used by the end-to-end suites and by
 * `npm run demo`. By default a main process (`n8n start`) on its own SQLite database; in queue
 * mode (test/e2e/lib/queue.js) also a worker (`n8n worker`) or a webhook processor
 * (`n8n webhook`), all sharing one PostgreSQL and Redis through `env`.
 *
 * n8n's output always goes to files: piping it into a reader that stops early makes n8n
 * spin at full CPU and ignore SIGTERM.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./ports');
const { installPackage } = require('./install-package');
const { provisionN8n } = require('./provision');

const OWNER = { email: 'owner@example.com', password: 'Chert-demo-1', firstName: 'Demo', lastName: 'Owner' };
// n8n ties its auth cookie to the browser id a client sends.
const BROWSER_ID = 'chert-e2e-browser';

/** @typedef {'main' | 'worker' | 'webhook'} Role */

/** The n8n command each role runs. */
const COMMANDS = { main: 'start', worker: 'worker', webhook: 'webhook' };

class N8n {
	/**
	 * @param {{ userFolder?: string, encryptionKey?: string, env?: Record<string, string>, role?: Role, name?: string }} [options]
	 */
	constructor(options = {}) {
		this.provisioned = provisionN8n();
		/** @type {Role} */
		this.role = options.role ?? 'main';
		// The main process's log keeps the name it always had.
		this.name = options.name ?? (this.role === 'main' ? 'server' : this.role);
		this.userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chert-n8n-'));
		this.encryptionKey = options.encryptionKey ?? 'chert-e2e-encryption-key';
		this.extraEnv = options.env ?? {};
		this.logDir = path.join(this.userFolder, 'logs');
		fs.mkdirSync(this.logDir, { recursive: true });
		this.port = 0;
		this.brokerPort = 0;
		/** A worker's health server (readiness at /healthz/readiness). */
		this.healthPort = 0;
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.server = undefined;
		this.cookie = '';
		this.runs = 0;
	}

	/** Installs the packed package into this user folder and picks free ports. */
	async prepare() {
		this.packageDir = installPackage(this.userFolder);
		this.port = await freePort();
		this.brokerPort = await freePort();
		if (this.role === 'worker') this.healthPort = await freePort();
		return this;
	}

	/** The file `start()` sends this process's output to. */
	get logFile() {
		return path.join(this.logDir, `${this.name}.out`);
	}

	/** The running process's id (its process group's too). */
	get pid() {
		return this.server?.pid;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	env() {
		// Jest's NODE_ENV=test and JEST_* variables change how n8n starts and logs.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_')),
		);
		return {
			...inherited,
			PATH: `${this.provisioned.nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			// Else 2.x tries to reach the internet; 1.x does not know the module and refuses it.
			...(this.provisioned.n8nMajor === 1 ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			...(this.role === 'worker'
				? {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(this.healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					}
				: {}),
			...this.extraEnv,
		};
	}

	/**
	 * Runs an n8n CLI command to completion; stdout and stderr go to files.
	 * @param {string[]} args
	 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>}
	 */
	async cli(args) {
		const id = `${++this.runs}-${args[0].replace(/[^a-z:-]/gi, '')}`;
		const outFile = path.join(this.logDir, `${id}.out`);
		const errFile = path.join(this.logDir, `${id}.err`);
		const out = fs.openSync(outFile, 'w');
		const err = fs.openSync(errFile, 'w');
		const child = spawn(this.provisioned.n8nBin, args, { env: this.env(), stdio: ['ignore', out, err] });
		/** @type {[number | null, NodeJS.Signals | null]} */
		const [code, signal] = await new Promise((resolve) => child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])));
		fs.closeSync(out);
		fs.closeSync(err);
		return { code, signal, stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8') };
	}

	/** @param {string} command @param {unknown} data */
	async importJson(command, data) {
		const file = path.join(this.userFolder, `${command.replace(/\W/g, '-')}-${++this.runs}.json`);
		fs.writeFileSync(file, JSON.stringify(data));
		const result = await this.cli([command, `--input=${file}`]);
		if (result.code !== 0) throw new Error(`n8n ${command} failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** @param {Array<Record<string, unknown>>} credentials plain data; n8n encrypts it on import */
	async importCredentials(credentials) {
		await this.importJson('import:credentials', credentials);
	}

	/** @param {Record<string, unknown> | Array<Record<string, unknown>>} workflow one, or several in one import */
	async importWorkflow(workflow) {
		await this.importJson('import:workflow', workflow);
	}

	/** Makes a webhook workflow live for the next `n8n start`. @param {string} id */
	async publishWorkflow(id) {
		// n8n 1.x has no publish:workflow; its update:workflow --active=true does the same.
		const args = this.provisioned.n8nMajor === 1 ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
		const result = await this.cli(args);
		if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
	}

	/**
	 * `n8n execute --id --rawOutput`: the run's JSON starts at the first line that is exactly `{`.
	 * @param {string} id
	 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, run: any, stdout: string, stderr: string }>}
	 */
	async execute(id) {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const lines = result.stdout.split('\n');
		const start = lines.indexOf('{');
		let run;
		if (start >= 0) {
			const rest = lines.slice(start).join('\n');
			run = JSON.parse(rest.slice(0, rest.lastIndexOf('}') + 1));
		}
		// n8n 1.85's `execute` prints a finished run with the status it had while running.
		if (run?.status === 'running' && run.data?.resultData?.error && result.code === 1) run.status = 'error';
		if (run?.status === 'running' && run.finished === true && !run.data?.resultData?.error && result.code === 0) run.status = 'success';
		// n8n 1.123's `execute` now and then ends by a signal while shutting down, after it has
		// printed the whole run (seen under load): the run's own status then says how it ended.
		if (result.code === null && run?.status) {
			return { ...result, run, code: run.status === 'success' ? 0 : 1 };
		}
		return { ...result, run };
	}

	/**
	 * Starts the role's command (`n8n start`, `n8n worker`, `n8n webhook`) in a process group of
	 * its own and waits until it is ready.
	 * @param {{ timeoutMs?: number }} [options]
	 */
	async start(options = {}) {
		const command = COMMANDS[this.role];
		const out = fs.openSync(this.logFile, 'a');
		const server = spawn(this.provisioned.n8nBin, [command], {
			env: this.env(),
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		this.server = server;
		/** @type {Promise<never>} */
		const exited = new Promise((_, reject) =>
			server.once('exit', (code, signal) =>
				reject(new Error(`n8n ${command} exited with ${code ?? signal}: see ${this.logFile}`)),
			),
		);
		exited.catch(() => undefined);
		await Promise.race([this.waitReady(options.timeoutMs), exited]);
		return this;
	}

	/** Where this process answers readiness: a worker on its health server. */
	get readinessUrl() {
		const port = this.role === 'worker' ? this.healthPort : this.port;
		return `http://127.0.0.1:${port}/healthz/readiness`;
	}

	async waitReady(timeoutMs = 90_000) {
		const deadline = Date.now() + timeoutMs;
		// n8n 1.x answers readiness some seconds before its REST API is mounted (measured with
		// 1.123.81: /rest/owner/setup answered 404 for 10 s after), so main waits for that too.
		const urls = this.role === 'main' ? [this.readinessUrl, `${this.baseUrl}/rest/settings`] : [this.readinessUrl];
		while (Date.now() < deadline) {
			const ok = await Promise.all(
				urls.map((url) =>
					fetch(url).then(
						(response) => response.ok,
						() => false, // not listening yet
					),
				),
			);
			if (ok.every(Boolean)) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`n8n was not ready after ${timeoutMs} ms: see ${this.logFile}`);
	}

	/**
	 * Kills the process group at once (default SIGKILL: a machine or container dying, its task
	 * runner with it) and waits until the process is gone.
	 * @param {NodeJS.Signals} [signal]
	 */
	async kill(signal = 'SIGKILL') {
		const server = this.server;
		if (!server || server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
		const gone = new Promise((resolve) => server.once('exit', resolve));
		try {
			process.kill(-server.pid, signal);
		} catch {
			return;
		}
		await gone;
		this.server = undefined;
	}

	/** Stops n8n and its task runner (the whole process group). */
	async stop() {
		const server = this.server;
		if (!server || server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
		const gone = new Promise((resolve) => server.once('exit', resolve));
		try {
			process.kill(-server.pid, 'SIGTERM');
		} catch {
			return;
		}
		const timer = setTimeout(() => {
			try {
				if (server.pid !== undefined) process.kill(-server.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}, 15_000);
		await gone;
		clearTimeout(timer);
		this.server = undefined;
	}

	/**
	 * A call to n8n's REST API as the logged-in owner.
	 * @param {string} method @param {string} pathname @param {unknown} [body]
	 */
	async rest(method, pathname, body) {
		const response = await fetch(`${this.baseUrl}${pathname}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text };
	}

	/**
	 * The editor's "Execute workflow" from a trigger ("Listen for test event"). n8n 2.x reads the
	 * saved workflow itself; 1.x wants it in the body.
	 * @param {string} workflowId @param {string} triggerName
	 */
	async runFromTrigger(workflowId, triggerName) {
		const body = { triggerToStartFrom: { name: triggerName } };
		if (this.provisioned.n8nMajor === 1) {
			const saved = await this.rest('GET', `/rest/workflows/${workflowId}`);
			if (saved.status !== 200) return saved;
			Object.assign(body, { workflowData: saved.json.data });
		}
		return await this.rest('POST', `/rest/workflows/${workflowId}/run`, body);
	}

	/**
	 * Activates (publishes) a saved workflow as the editor does: n8n activates its trigger at
	 * once and answers the activation's error when that fails (the workflow stays inactive).
	 * n8n 2.x and 1.123 take the version to publish; 1.85 has no /activate route: there the
	 * editor saves the workflow with `active: true`.
	 * @param {string} workflowId
	 */
	async activateWorkflow(workflowId) {
		const saved = await this.rest('GET', `/rest/workflows/${workflowId}`);
		if (saved.status !== 200) return saved;
		const { versionId } = saved.json.data;
		const response = await this.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
		if (response.status !== 404) return response;
		return await this.rest('PATCH', `/rest/workflows/${workflowId}`, { active: true, versionId });
	}

	/**
	 * Deactivates a workflow as the editor does, which runs its trigger's `delete()`. n8n 1.85
	 * has no /deactivate route: there the editor saves the workflow with `active: false`.
	 * @param {string} workflowId
	 */
	async deactivateWorkflow(workflowId) {
		const response = await this.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
		if (response.status !== 404) return response;
		const saved = await this.rest('GET', `/rest/workflows/${workflowId}`);
		if (saved.status !== 200) return saved;
		return await this.rest('PATCH', `/rest/workflows/${workflowId}`, { active: false, versionId: saved.json.data.versionId });
	}

	/**
	 * The executions list's Retry. n8n 2.x and 1.123 answer with the new execution; 1.85 with
	 * `true`, so there it is looked up among the workflow's executions.
	 * @param {string} workflowId @param {string} executionId @param {boolean} loadWorkflow
	 * @returns {Promise<{ status: number, execution: any }>}
	 */
	async retryExecution(workflowId, executionId, loadWorkflow) {
		const retry = await this.rest('POST', `/rest/executions/${executionId}/retry`, { loadWorkflow });
		if (retry.status !== 200 || typeof retry.json?.data === 'object') return { status: retry.status, execution: retry.json?.data };
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const listed = await this.rest('GET', `/rest/executions?filter=${filter}`);
		const results = /** @type {any[]} */ (listed.json?.data?.results ?? []);
		return { status: retry.status, execution: results.find((e) => String(e.retryOf) === String(executionId)) };
	}

	/** Creates the owner account on a fresh instance (if needed) and logs in. */
	async loginOwner() {
		const setup = await this.rest('POST', '/rest/owner/setup', OWNER);
		if (setup.status >= 400 && !/already/i.test(setup.text)) {
			const login = await this.rest('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
			if (login.status >= 400) throw new Error(`n8n login failed: ${login.status} ${login.text}`);
			return OWNER;
		}
		const login = await this.rest('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		if (login.status >= 400) throw new Error(`n8n login failed: ${login.status} ${login.text}`);
		return OWNER;
	}

	/** Removes the user folder (database, logs, installed package), unless CHERT_E2E_KEEP=1. */
	cleanUp() {
		if (process.env.CHERT_E2E_KEEP === '1') return;
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

module.exports = { N8n, OWNER, BROWSER_ID };
