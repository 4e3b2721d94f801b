import {
	sleep,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type ITriggerFunctions,
} from 'n8n-workflow';

import { asNodeError } from './nodeError';
import { idempotencyKeyOf } from './idempotencyKey';
import type { ChertRoute } from './errorHints';
import { chertApiError, chertUnreachableError, networkFailureCode, readChertError } from './errors';
import {
	CHERT_CREDENTIAL_TYPE,
	type ChertApiCredentials,
	type ChertRequest,
	type DeliverySettings,
} from './request.types';
import { isRetryableAnswer, requestedPauseMs, retryDelayMs } from './retry';

export type ChertContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | ITriggerFunctions;

/** The API root under a credential's Base URL; the credential test uses the same path. */
export const API_PATH = '/api/v1';

export const DEFAULT_DELIVERY: DeliverySettings = { maxAttempts: 3, timeoutMs: 30_000 };

export function apiRoot(baseUrl: string): string {
	return `${baseUrl.trim().replace(/\/+$/, '')}${API_PATH}`;
}

const credentialsByRun = new WeakMap<ChertContext, Promise<ICredentialsDecrypted>>();

/**
 * The Chert credential, read once per node run (n8n gives every run of a node its own
 * context) and handed to n8n with each request, which n8n then authenticates with it as
 * usual. Without it, n8n would load the credential from its database and decrypt it twice
 * for every item.
 */
export function credentialsOf(context: ChertContext): Promise<ICredentialsDecrypted> {
	let credentials = credentialsByRun.get(context);
	if (credentials === undefined) {
		const { id, name } = context.getNode().credentials?.[CHERT_CREDENTIAL_TYPE] ?? {};
		credentials = context.getCredentials(CHERT_CREDENTIAL_TYPE).then(
			(data) => ({ id: id ?? '', name: name ?? '', type: CHERT_CREDENTIAL_TYPE, data }),
			(error: unknown) => {
				credentialsByRun.delete(context);
				throw error;
			},
		);
		credentialsByRun.set(context, credentials);
	}
	return credentials;
}

/**
 * The one function that calls Chert's API. Authentication comes from the credential; any
 * answer that is not a success becomes a NodeApiError carrying Chert's code, message and
 * trace id. A send is repeated only while it carries an idempotency key, so Chert answers a
 * repeat with the first result instead of texting the customer twice.
 */
export async function chertApiRequest(
	this: ChertContext,
	request: ChertRequest,
	itemIndex?: number,
	delivery: DeliverySettings = DEFAULT_DELIVERY,
): Promise<Record<string, unknown>> {
	const credentials = await credentialsOf(this);
	const { baseUrl } = credentials.data as unknown as ChertApiCredentials;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${apiRoot(baseUrl)}${request.endpoint}`,
		json: true,
	};
	// The body goes out as these exact bytes, so a request signature covers what is sent.
	if (request.body !== undefined) {
		options.body = JSON.stringify(request.body);
		options.headers = { 'content-type': 'application/json' };
	}
	if (request.qs !== undefined) options.qs = request.qs;

	const response = await sendWithRetries.call(
		this,
		async (timeout) =>
			(await this.helpers.httpRequestWithAuthentication.call(
				this,
				CHERT_CREDENTIAL_TYPE,
				{ ...options, timeout, returnFullResponse: true, ignoreHttpStatusErrors: true },
				{ credentialsDecrypted: credentials },
			)) as IN8nHttpFullResponse,
		{
			target: baseUrl,
			safeToRepeat:
				request.repeatable !== false &&
				(request.idempotencyKeyPath === undefined || idempotencyKeyOf(request) !== undefined),
			itemIndex,
			delivery,
			route: { method: request.method, endpoint: request.endpoint },
		},
	);
	return (response.body ?? {}) as Record<string, unknown>;
}

/**
 * Sends until Chert gives a final answer: failures Chert marks as temporary, and requests
 * that got no answer, are tried again (when `safeToRepeat`) with backoff, up to
 * `delivery.maxAttempts`. Anything else becomes the node's error. Every attempt first waits
 * for `delivery.throttle` (the node run's rate limit and pauses); a `retry_after` from Chert
 * pauses the whole run, not only this request.
 */
export async function sendWithRetries(
	this: ChertContext,
	send: (timeoutMs: number) => Promise<IN8nHttpFullResponse>,
	{
		target,
		safeToRepeat,
		itemIndex,
		delivery,
		route,
	}: {
		target: string;
		safeToRepeat: boolean;
		itemIndex?: number;
		delivery: DeliverySettings;
		/** The call as Chert's docs name it, for hints that depend on the route. */
		route?: ChertRoute;
	},
): Promise<IN8nHttpFullResponse> {
	for (let attempt = 1; ; attempt++) {
		const canRetry = safeToRepeat && attempt < delivery.maxAttempts;
		await delivery.throttle?.acquire();
		const sentAt = Date.now();
		let response: IN8nHttpFullResponse;
		try {
			response = await send(delivery.timeoutMs);
			delivery.throttle?.recordRoundTrip(Date.now() - sentAt);
		} catch (error) {
			// No answer at all. n8n wraps the network failure in its own error, whose cause
			// still holds the request and its headers: only the failure's code goes on.
			const networkCode = networkFailureCode(error);
			if (!networkCode) throw asNodeError(this.getNode(), error, itemIndex);
			const delay = canRetry ? retryDelayMs(attempt) : undefined;
			if (delay === undefined) {
				throw chertUnreachableError(this.getNode(), target, networkCode, itemIndex, attempt);
			}
			await sleep(delay);
			continue;
		}

		if (response.statusCode < 400) return response;

		const details = readChertError(response.statusCode, response.body, response.headers);
		const pause = requestedPauseMs(details.retryAfter);
		if (pause !== undefined) delivery.throttle?.pauseFor(pause);
		const delay = canRetry && isRetryableAnswer(details) ? retryDelayMs(attempt, details.retryAfter) : undefined;
		if (delay === undefined) throw chertApiError(this.getNode(), details, itemIndex, attempt, route);
		await sleep(delay);
	}
}
