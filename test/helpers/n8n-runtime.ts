/**
 * Boots the pieces of n8n-core's dependency-injection container that a workflow
 * execution touches, the way n8n's own process does at start-up, but tuned for tests:
 *
 * - `Logger` (from @n8n/backend-common) -> a CapturingLogger, also wired to
 *   n8n-workflow's LoggerProxy, so tests can assert on (the absence of) log content.
 * - `InstanceSettings` -> the real one, but rooted in N8N_USER_FOLDER=<tmpdir>/n8n-nodes-chert-test
 *   with a pre-written `.n8n/config` (fixed test encryption key), so tests never touch
 *   ~/.n8n (n8n would otherwise create ~/.n8n/config with a random key).
 * - `SsrfProtectionConfig.enabled = false` explicitly (the n8n default, but an
 *   N8N_SSRF_PROTECTION_ENABLED=true in the environment would otherwise block
 *   127.0.0.0/8 and ::1, i.e. every local test server).
 * - localhost is added to NO_PROXY when an HTTP(S)_PROXY/ALL_PROXY env var is set
 *   (n8n's outbound HTTP honours the proxy env vars).
 *
 * IMPORTANT: n8n-core 2.41 ships its *own* nested copies of @n8n/di, @n8n/backend-common,
 * @n8n/config and @n8n/backend-network (node_modules/n8n-core/node_modules/@n8n/*), while
 * the top-level node_modules/@n8n/di is an older copy pulled in by @n8n/node-cli. The DI
 * container is a module-level singleton, so services must be registered on the copy
 * n8n-core itself resolves - which is why everything here is required relative to
 * n8n-core's install directory instead of being imported by bare name.
 */
import 'reflect-metadata';

import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

import { CapturingLogger } from './capturing-logger';

/** Minimal structural type of @n8n/di's Container (avoids depending on which copy's typings). */
type Token<T> = abstract new (...args: never[]) => T;
export interface DiContainer {
	get<T>(type: Token<T>): T;
	set<T>(type: Token<T>, instance: T): void;
	has(type: Token<unknown>): boolean;
	reset(): void;
}

const n8nCoreDir = path.dirname(require.resolve('n8n-core/package.json'));

/**
 * `require` a package exactly as n8n-core resolves it. Uses the (jest-aware) `require`
 * with an absolute path, so the module instance is the one n8n-core got from the jest
 * module registry (a `createRequire` would bypass that registry and load a second copy).
 */
export function requireFromN8nCore<T = unknown>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [n8nCoreDir] })) as T;
}

export const { Container } = requireFromN8nCore<{ Container: DiContainer }>('@n8n/di');
const { Logger } = requireFromN8nCore<{ Logger: Token<unknown> }>('@n8n/backend-common');
const { SsrfProtectionConfig } = requireFromN8nCore<{
	SsrfProtectionConfig: Token<{ enabled: boolean }>;
}>('@n8n/config');

export interface N8nRuntime {
	container: DiContainer;
	logger: CapturingLogger;
	/** The N8N_USER_FOLDER used by the tests. */
	userFolder: string;
}

let runtime: N8nRuntime | undefined;

const TEST_ENCRYPTION_KEY = 'n8n-nodes-chert-test-encryption-key';

function ensureNoProxyForLocalhost(): void {
	const proxyVars = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'];
	if (!proxyVars.some((name) => Boolean(process.env[name]))) return;
	const current = process.env.NO_PROXY ?? process.env.no_proxy ?? '';
	const entries = current
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	for (const host of ['localhost', '127.0.0.1', '::1']) {
		if (!entries.includes(host)) entries.push(host);
	}
	process.env.NO_PROXY = entries.join(',');
	process.env.no_proxy = process.env.NO_PROXY;
}

/**
 * Idempotent: the first call (per jest test file - each file has its own module
 * registry, hence its own container) registers the services; later calls return them.
 */
export function setupN8nRuntime(): N8nRuntime {
	if (runtime) return runtime;

	// Must be in place before any @Config class (InstanceSettingsConfig, ...) is resolved.
	// A fixed folder (shared by all jest workers and runs, so nothing accumulates in /tmp)
	// whose settings file is pre-written atomically: InstanceSettings then only reads it,
	// so parallel workers never race on creating it.
	const userFolder = path.join(tmpdir(), 'n8n-nodes-chert-test');
	const settingsFile = path.join(userFolder, '.n8n', 'config');
	if (!existsSync(settingsFile)) {
		mkdirSync(path.dirname(settingsFile), { recursive: true });
		const tmpFile = `${settingsFile}.${process.pid}.tmp`;
		writeFileSync(tmpFile, JSON.stringify({ encryptionKey: TEST_ENCRYPTION_KEY }));
		renameSync(tmpFile, settingsFile);
	}
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

	ensureNoProxyForLocalhost();

	const logger = new CapturingLogger();
	Container.set(Logger, logger);
	LoggerProxy.init(logger);

	Container.get(SsrfProtectionConfig).enabled = false;

	// Resolve eagerly so a broken environment fails here, with a clear stack, rather than
	// inside the first node execution.
	Container.get(InstanceSettings);

	runtime = { container: Container, logger, userFolder };
	return runtime;
}

/** The URLs a local n8n on its default port would give contexts; no test serves them. */
export const LOCAL_N8N_URLS = {
	restApiUrl: 'http://localhost:5678/rest',
	instanceBaseUrl: 'http://localhost:5678/',
	webhookBaseUrl: 'http://localhost:5678/webhook',
	webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
	webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
};
