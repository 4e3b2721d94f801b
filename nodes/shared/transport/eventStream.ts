import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { apiRoot, credentialsOf, type ChertContext } from './chert.api';
import { chertApiError, chertUnreachableError, networkFailureCode, readChertError } from './errors';
import { asNodeError } from './nodeError';
import { CHERT_CREDENTIAL_TYPE, type ChertApiCredentials } from './request.types';

/** One page of `GET /events`. */
export interface EventsPage {
	events: IDataObject[];
	nextCursor: string | null;
}

export interface EventsPageQuery {
	since: string;
	limit: number;
	cursor?: string;
}

/** An error body longer than this is not Chert's envelope; reading stops there. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Opens `GET /events/stream?since=…` and answers its body as it arrives. Anything but a 2xx
 * is read to its end and thrown as the transport's error (Chert's code, message, status,
 * `retry_after` in `context.chert`); a request that got no answer throws the transport's
 * "could not reach" error, with the failure's code. Not retried here: the caller, which
 * holds the stream open for as long as the workflow is active, decides when to ask again.
 * `signal` ends the request, and the body with it.
 */
export async function openEventStream(
	this: ChertContext,
	since: string,
	signal: AbortSignal,
): Promise<AsyncIterable<Uint8Array | string>> {
	const response = await send.call(this, '/events/stream', { since }, signal, 'stream');
	return response.body as AsyncIterable<Uint8Array | string>;
}

/** One page of `GET /events?since=…` (Chert: rows created strictly after `since`). */
export async function listEventsPage(
	this: ChertContext,
	query: EventsPageQuery,
	signal: AbortSignal,
): Promise<EventsPage> {
	const qs: IDataObject = { since: query.since, limit: query.limit };
	if (query.cursor !== undefined) qs.cursor = query.cursor;
	const response = await send.call(this, '/events', qs, signal, 'json');
	const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as IDataObject;
	const events = Array.isArray(body.events) ? (body.events as IDataObject[]) : [];
	const nextCursor = typeof body.next_cursor === 'string' && body.next_cursor !== '' ? body.next_cursor : null;
	return { events, nextCursor };
}

async function send(
	this: ChertContext,
	endpoint: string,
	qs: IDataObject,
	signal: AbortSignal,
	encoding: 'stream' | 'json',
): Promise<IN8nHttpFullResponse> {
	const credentials = await credentialsOf(this);
	const { baseUrl } = credentials.data as unknown as ChertApiCredentials;
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: `${apiRoot(baseUrl)}${endpoint}`,
		qs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		abortSignal: signal,
		...(encoding === 'stream' ? { encoding: 'stream' } : { json: true }),
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CHERT_CREDENTIAL_TYPE, options, {
			credentialsDecrypted: credentials,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const networkCode = signal.aborted ? undefined : networkFailureCode(error);
		if (networkCode) throw chertUnreachableError(this.getNode(), baseUrl, networkCode);
		throw asNodeError(this.getNode(), error, undefined);
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return response;
	const body = encoding === 'stream' ? await readErrorBody(response.body, signal) : response.body;
	const details = readChertError(response.statusCode, body, response.headers);
	throw chertApiError(this.getNode(), details, undefined, 1, { method: 'GET', endpoint });
}

/** A failed stream request's body, collected and parsed as JSON when it is JSON. */
async function readErrorBody(body: unknown, signal: AbortSignal): Promise<unknown> {
	if (!isAsyncIterable(body)) return body;
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			if (signal.aborted) break;
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
			chunks.push(bytes);
			size += bytes.length;
			if (size >= MAX_ERROR_BODY_BYTES) break;
		}
	} catch {
		// A body cut short still says what it got as far as it got.
	}
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
