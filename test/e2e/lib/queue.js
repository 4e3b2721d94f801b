// @ts-check
'use strict';

/**
 * n8n's queue mode on one machine: Redis, PostgreSQL, a main process, workers and optionally
 * webhook processors (`n8n webhook`: they receive production webhooks and queue them), each n8n
 * process with its own user folder (the packed package installed in each), its own ports and
 * the shared encryption key, database and queue. Lock and stall timeouts are shortened so a
 * killed worker's executions are detected in seconds rather than minutes.
 *
 *   const stack = await new QueueStack({ workers: 2, webhooks: 1 }).prepare(); // services, folders, migrations
 *   await stack.main.importCredentials(…); await stack.main.importWorkflow(…); await stack.main.publishWorkflow(id);
 *   await stack.start();                                            // main, then the workers
 *   …
 *   await stack.stop(); stack.cleanUp(); stack.leftovers()          // → [] when nothing is left running
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8n } = require('./n8n');
const { startPostgres, startRedis } = require('./services');

/** Crash detection as in shared/real-n8n.md: a killed worker's jobs fail after about 17 s. */
const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/**
 * n8n answers a "When Last Node Finishes" webhook in queue mode after Bull's `job.finished()`,
 * which looks for the job among the finished ones and otherwise waits for its completion event.
 * With n8n's default retention (0: a finished job is deleted at once), a worker that finishes
 * before main gets that far leaves nothing to find and no event to come, and the webhook never
 * answers (OptimalBits/bull#1906). It happened once in 200 on a loaded CI machine. Keeping
 * finished jobs, as n8n's own settings allow, closes that window.
 */
const FINISHED_JOBS_KEPT = {
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
};

/** Every stack started by this process, stopped on exit if a test run ends abruptly. */
const running = new Set();
process.once('exit', () => {
	for (const stack of running) stack.stopNow();
});

class QueueStack {
	/**
	 * @param {{ workers?: number, webhooks?: number, env?: Record<string, string>, encryptionKey?: string }} [options]
	 */
	constructor(options = {}) {
		this.workerCount = options.workers ?? 2;
		this.webhookCount = options.webhooks ?? 0;
		this.extraEnv = options.env ?? {};
		this.encryptionKey = options.encryptionKey ?? 'chert-e2e-queue-encryption-key';
		this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'chert-queue-'));
		/** @type {Awaited<ReturnType<typeof startRedis>> | undefined} */
		this.redis = undefined;
		/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
		this.postgres = undefined;
		/** @type {N8n} */
		this.main = /** @type {any} */ (undefined);
		/** @type {N8n[]} */
		this.workers = [];
		/** @type {N8n[]} */
		this.webhooks = [];
		/** process groups this stack started (n8n processes and Redis) */
		this.groups = new Set();
	}

	/** The environment every n8n process of the stack shares. */
	sharedEnv() {
		const redis = /** @type {NonNullable<QueueStack['redis']>} */ (this.redis);
		const db = /** @type {NonNullable<QueueStack['postgres']>} */ (this.postgres);
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: db.host,
			DB_POSTGRESDB_PORT: String(db.port),
			DB_POSTGRESDB_DATABASE: db.database,
			DB_POSTGRESDB_USER: db.user,
			DB_POSTGRESDB_PASSWORD: db.password,
			...FAST_STALL_DETECTION,
			...FINISHED_JOBS_KEPT,
			...this.extraEnv,
		};
	}

	/**
	 * Starts Redis and PostgreSQL, creates the n8n processes' folders with the package installed
	 * in each, and runs n8n's migrations (the first CLI command on an empty database).
	 */
	async prepare() {
		running.add(this);
		this.redis = await startRedis(path.join(this.root, 'redis'));
		this.groups.add(this.redis.pid);
		this.postgres = await startPostgres();
		const env = this.sharedEnv();
		const options = { encryptionKey: this.encryptionKey, env };
		this.main = await new N8n({ ...options, role: 'main', name: 'main', userFolder: path.join(this.root, 'main') }).prepare();
		for (let i = 1; i <= this.workerCount; i++) {
			const name = `worker-${i}`;
			this.workers.push(await new N8n({ ...options, role: 'worker', name, userFolder: path.join(this.root, name) }).prepare());
		}
		for (let i = 1; i <= this.webhookCount; i++) {
			const name = `webhook-${i}`;
			this.webhooks.push(await new N8n({ ...options, role: 'webhook', name, userFolder: path.join(this.root, name) }).prepare());
		}
		// Runs the migrations once, before several processes start at the same time.
		const migrate = await this.main.cli(['list:workflow']);
		if (migrate.code !== 0) throw new Error(`n8n could not set up its database:\n${migrate.stdout}\n${migrate.stderr}`);
		return this;
	}

	/** Starts main, then the workers and webhook processors, and waits until each is ready. */
	async start() {
		await this.main.start();
		this.track(this.main);
		await Promise.all([...this.workers, ...this.webhooks].map((process) => this.startWorker(process)));
		return this;
	}

	/** (Re)starts one worker (or webhook processor). @param {N8n} worker */
	async startWorker(worker) {
		await worker.start();
		this.track(worker);
		return worker;
	}

	/** @param {N8n} process */
	track(process) {
		if (process.pid !== undefined) this.groups.add(process.pid);
	}

	/** @returns {N8n[]} every n8n process of the stack */
	get processes() {
		return [this.main, ...this.workers, ...this.webhooks].filter(Boolean);
	}

	/** Stops the webhook processors, the workers, main, PostgreSQL and Redis. */
	async stop() {
		await Promise.all([...this.webhooks, ...this.workers].map((process) => process.stop()));
		await this.main?.stop();
		await this.postgres?.stop();
		await this.redis?.stop();
		running.delete(this);
	}

	/** Synchronous last resort (process exit): kills what may still run. */
	stopNow() {
		for (const group of this.groups) {
			try {
				process.kill(-group, 'SIGKILL');
			} catch {
				// gone
			}
		}
		this.postgres?.stopNow();
	}

	/**
	 * Processes still running that this stack started: members of its process groups, and
	 * anything whose command line names its folders (PostgreSQL's).
	 * @returns {string[]} `ps` lines
	 */
	leftovers() {
		const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
		const folders = [this.root, this.postgres?.dir].filter(Boolean);
		return ps
			.split('\n')
			.filter((line) => line.trim())
			.filter((line) => {
				const [pid, pgid] = line.trim().split(/\s+/).map(Number);
				if (pid === process.pid) return false;
				return this.groups.has(pgid) || folders.some((folder) => line.includes(/** @type {string} */ (folder)));
			})
			.filter((line) => !/\bps -eo\b/.test(line));
	}

	/** Removes every folder of the stack (databases, logs, installed packages). */
	cleanUp() {
		this.postgres?.cleanUp();
		fs.rmSync(this.root, { recursive: true, force: true });
	}
}

module.exports = { QueueStack, FAST_STALL_DETECTION };
