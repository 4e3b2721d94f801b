import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { errorHintFor, type ChertRoute } from './errorHints';

/** What Chert said about a failed request, read from its error envelope. */
export interface ChertErrorDetails {
	httpStatus: number;
	code?: number;
	message: string;
	retryable?: boolean;
	retryAfter?: number;
	traceId?: string;
	/** Code 4098: the send effects Chert accepts. */
	allowedEffects?: string[];
	/** Which attachment a 5xxx attachment error is about. */
	attachmentIndex?: number;
}

type Envelope = {
	allowed_effects?: unknown;
	attachment_index?: unknown;
	error?: unknown;
	code?: unknown;
	message?: unknown;
	trace_id?: unknown;
	retryable?: unknown;
	retry_after?: unknown;
};

/**
 * Reads both of Chert's error shapes: the envelope `{ error: { status, code, message, … },
 * trace_id }` and the flat one of `/send` (`{ error: "…", code, trace_id }`). The statuses
 * in Chert's docs disagree in places, so the body's own values win over the HTTP status.
 */
export function readChertError(
	httpStatus: number,
	body: unknown,
	headers: Record<string, unknown>,
): ChertErrorDetails {
	const traceIdHeader = firstHeader(headers['x-trace-id']);
	const envelope: Envelope = isObject(body) ? body : {};
	const inner: Envelope & { status?: unknown } = isObject(envelope.error) ? envelope.error : envelope;
	const message =
		asString(inner.message) ??
		asString(envelope.error) ??
		asString(envelope.message) ??
		(typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined) ??
		`Chert answered with HTTP ${httpStatus}`;
	return {
		httpStatus: asNumber((inner as { status?: unknown }).status) ?? httpStatus,
		code: asNumber(inner.code) ?? asNumber(envelope.code),
		message,
		retryable: typeof inner.retryable === 'boolean' ? inner.retryable : undefined,
		retryAfter:
			asNumber(inner.retry_after) ?? asNumber(envelope.retry_after) ?? asNumber(firstHeader(headers['retry-after'])),
		traceId: asString(envelope.trace_id) ?? traceIdHeader,
		allowedEffects: Array.isArray(inner.allowed_effects ?? envelope.allowed_effects)
			? ((inner.allowed_effects ?? envelope.allowed_effects) as unknown[]).map(String)
			: undefined,
		attachmentIndex: asNumber(inner.attachment_index) ?? asNumber(envelope.attachment_index),
	};
}

export function chertApiError(
	node: INode,
	details: ChertErrorDetails,
	itemIndex?: number,
	attempts = 1,
	route?: ChertRoute,
): NodeApiError {
	const codeText = details.code !== undefined ? ` (Chert error ${details.code})` : '';
	const hint = errorHintFor(details.code, route);
	const description = [
		hint,
		details.allowedEffects ? `Chert accepts these effects: ${details.allowedEffects.join(', ')}.` : undefined,
		details.attachmentIndex !== undefined ? `Chert names attachment_index ${details.attachmentIndex}.` : undefined,
		attempts > 1 ? `Tried ${attempts} times.` : undefined,
		details.traceId ? `Trace ID: ${details.traceId}` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(node, { ...details } as unknown as JsonObject, {
		message: `${details.message}${codeText}`,
		description: description || undefined,
		httpCode: String(details.httpStatus),
		itemIndex,
	});
	error.context.chert = { ...details, attempts };
	return error;
}

/**
 * The error code (ECONNREFUSED, ETIMEDOUT, …) of a request that got no answer, if it was one.
 * n8n 2.x passes the network failure on (its `code`, or its `cause`'s); n8n 1.x wraps it in a
 * NodeApiError whose `httpCode` holds it (measured with 1.123.81: `httpCode: 'ECONNRESET'`).
 */
export function networkFailureCode(error: unknown): string | undefined {
	for (let current: unknown = error, depth = 0; isObject(current) && depth < 3; depth++) {
		for (const code of [asString(current.code), asString(current.httpCode)]) {
			if (code && /^E[A-Z_]+$/.test(code)) return code;
		}
		current = current.cause;
	}
	return undefined;
}

/** A request that got no answer: only the failure's code is kept, never the request (it holds the secret). */
export function chertUnreachableError(
	node: INode,
	baseUrl: string,
	networkCode: string,
	itemIndex?: number,
	attempts = 1,
): NodeApiError {
	const tries = attempts > 1 ? ` Tried ${attempts} times.` : '';
	const error = new NodeApiError(node, { message: networkCode } as JsonObject, {
		message: `Could not reach Chert at ${baseUrl}`,
		description: `${networkCode}: check the Base URL in the Chert API credential and the network between n8n and Chert.${tries}`,
		itemIndex,
	});
	error.context.chert = { networkCode, attempts };
	return error;
}

function firstHeader(value: unknown): string | undefined {
	return asString(Array.isArray(value) ? value[0] : value);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function asNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
