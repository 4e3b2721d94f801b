// @ts-check
'use strict';

/**
 * Redis and PostgreSQL for n8n's queue mode, each on a free loopback port with its data in a
 * temporary folder of its own, installed from Debian's archive with apt when missing (the
 * machines run as root; Debian's policy-rc.d keeps apt from starting the packaged services).
 *
 * PostgreSQL refuses to run as root, so its cluster is created and run as the `postgres` user
 * (`runuser`), in a folder that user owns.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./ports');

let aptUpdated = false;

/** @param {string[]} args */
function apt(...args) {
	execFileSync('apt-get', args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

/**
 * Installs Debian packages, running `apt-get update` once first.
 * @param {string[]} packages
 */
function aptInstall(packages) {
	if (!aptUpdated) {
		apt('update');
		aptUpdated = true;
	}
	apt('install', '-y', '--no-install-recommends', ...packages);
}

/** @returns {string} the redis-server executable, installed with apt if missing */
function ensureRedis() {
	const bin = '/usr/bin/redis-server';
	if (!fs.existsSync(bin)) aptInstall(['redis-server']);
	if (!fs.existsSync(bin)) throw new Error(`apt-get install redis-server did not provide ${bin}`);
	return bin;
}

/** @returns {string | undefined} the newest PostgreSQL's bin folder, if one is installed */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** @returns {string} PostgreSQL's bin folder (initdb, pg_ctl, postgres, psql), installed with apt if missing */
function ensurePostgres() {
	let bin = postgresBinDir();
	if (!bin) {
		aptInstall(['postgresql']);
		bin = postgresBinDir();
	}
	if (!bin) throw new Error('apt-get install postgresql did not provide /usr/lib/postgresql/*/bin/initdb');
	return bin;
}

/**
 * Polls `check` until it answers true or the time is up.
 * @param {() => boolean | Promise<boolean>} check
 * @returns {Promise<boolean>} whether it did
 */
async function waitFor(check, timeoutMs = 30_000, intervalMs = 100) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return true;
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	return false;
}

/** @param {number} port @returns {Promise<boolean>} */
function portOpen(port) {
	return new Promise((resolve) => {
		const socket = require('node:net').connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * `redis-server` on 127.0.0.1, no persistence, in its own process group.
 * @param {string} dir a folder for its log
 */
async function startRedis(dir) {
	const bin = ensureRedis();
	const port = await freePort();
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		bin,
		['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ stdio: ['ignore', out, out], detached: true },
	);
	fs.closeSync(out);
	const exited = new Promise((resolve) => child.once('exit', () => resolve(true)));
	const up = await Promise.race([waitFor(() => portOpen(port)), exited.then(() => false)]);
	if (!up) throw new Error(`redis-server did not start: see ${logFile}`);
	return {
		host: '127.0.0.1',
		port,
		pid: /** @type {number} */ (child.pid),
		logFile,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			try {
				process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
			} catch {
				return;
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
				} catch {
					// gone
				}
			}, 10_000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/**
 * A PostgreSQL cluster of its own on 127.0.0.1, run as the postgres user, with a database and
 * a password user for n8n.
 */
async function startPostgres() {
	const bin = ensurePostgres();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chert-pg-'));
	const data = path.join(dir, 'data');
	const sockets = path.join(dir, 'sockets');
	const logFile = path.join(dir, 'postgres.log');
	fs.mkdirSync(sockets);
	fs.writeFileSync(logFile, '');
	execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	fs.chmodSync(dir, 0o755);
	const asPostgres = (/** @type {string} */ command, /** @type {string[]} */ args) =>
		execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], {
			cwd: dir,
			stdio: ['ignore', 'pipe', 'pipe'],
			encoding: 'utf8',
		});
	asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
	asPostgres('pg_ctl', [
		'-D',
		data,
		'-l',
		logFile,
		'-w',
		'-t',
		'60',
		'-o',
		`-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c fsync=off -c max_connections=200`,
		'start',
	]);
	const database = { host: '127.0.0.1', port, database: 'n8n', user: 'n8n', password: 'chert-e2e-db' };
	const psql = (/** @type {string} */ sql) =>
		asPostgres('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
	psql(`CREATE USER ${database.user} WITH PASSWORD '${database.password}'`);
	psql(`CREATE DATABASE ${database.database} OWNER ${database.user}`);

	let stopped = false;
	/** pg_ctl stop, the first time only. @param {'fast' | 'immediate'} mode @param {number} waitSeconds */
	const stopOnce = (mode, waitSeconds) => {
		if (stopped) return;
		stopped = true;
		try {
			asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', String(waitSeconds), 'stop']);
		} catch {
			// not running
		}
	};
	return {
		...database,
		dir,
		logFile,
		/** the postmaster's pid */
		get pid() {
			try {
				return Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
			} catch {
				return undefined;
			}
		},
		/** @param {string} sql @returns {string} psql's unaligned, tuples-only output */
		query(sql) {
			return asPostgres('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database.database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
		},
		async stop() {
			stopOnce('fast', 60);
		},
		/** Stops it at once (for exit handlers: synchronous). */
		stopNow() {
			stopOnce('immediate', 30);
		},
		cleanUp() {
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { aptInstall, ensureRedis, ensurePostgres, startRedis, startPostgres, waitFor, portOpen };
