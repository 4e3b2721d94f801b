import { inspect } from 'node:util';

import type { Logger as N8nLogger, LogMetadata } from 'n8n-workflow';

export type CapturedLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface CapturedLogEntry {
	level: CapturedLogLevel;
	message: string;
	metadata?: LogMetadata;
	scopes: string[];
	/** `level message <metadata rendered deeply>` - what the tests grep for secrets. */
	text: string;
}

/**
 * Renders metadata deeply (errors included: message, stack, cause, own props such as
 * `httpCode`/`description`/`context`) so a secret anywhere in what n8n was asked to log
 * shows up in the text.
 */
function render(level: string, message: string, metadata?: LogMetadata): string {
	if (metadata === undefined || Object.keys(metadata).length === 0) return `${level} ${message}`;
	const meta = inspect(metadata, {
		depth: 12,
		breakLength: Infinity,
		maxArrayLength: 1000,
		maxStringLength: null,
		showHidden: false,
	});
	return `${level} ${message} ${meta}`;
}

/**
 * Records everything n8n logs, at every level (the real Logger would drop `debug` below
 * N8N_LOG_LEVEL=debug; here nothing is dropped so secret-leak assertions are strict).
 *
 * Registered in the DI container under n8n's `Logger` token (what `this.logger` in node
 * code, the ErrorReporter, OutboundHttp, ... resolve) and passed to n8n-workflow's
 * `LoggerProxy.init` (what WorkflowExecute / Workflow use).
 */
export class CapturingLogger implements N8nLogger {
	constructor(
		private readonly sink: CapturedLogEntry[] = [],
		private readonly scopes: string[] = [],
		private readonly echo = process.env.N8N_TEST_ECHO_LOGS === 'true',
	) {}

	/** All entries recorded so far (shared by scoped children). */
	get entries(): CapturedLogEntry[] {
		return this.sink;
	}

	/** The entries as plain strings. */
	get logs(): string[] {
		return this.sink.map((entry) => entry.text);
	}

	clear(): void {
		this.sink.length = 0;
	}

	scoped(scopes: string | string[]): CapturingLogger {
		const more = Array.isArray(scopes) ? scopes : [scopes];
		return new CapturingLogger(this.sink, [...this.scopes, ...more], this.echo);
	}

	error(message: string, metadata?: LogMetadata): void {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata): void {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata): void {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata): void {
		this.record('debug', message, metadata);
	}

	private record(level: CapturedLogLevel, message: unknown, metadata?: LogMetadata): void {
		const msg = typeof message === 'string' ? message : inspect(message, { depth: 12 });
		const text = render(level, msg, metadata);
		this.sink.push({ level, message: msg, metadata, scopes: this.scopes, text });
		if (this.echo) process.stdout.write(`[n8n ${level}] ${text}\n`);
	}
}
