import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { asNodeError } from '../helpers/errors';
import { chertApiError, chertUnreachableError, networkFailureCode, readChertError } from './errors';
import { CHERT_CREDENTIAL_TYPE, type ChertApiCredentials, type ChertRequest } from './request.types';

/** The API root under a credential's Base URL; the credential test uses the same path. */
export const API_PATH = '/api/v1';

export function apiRoot(baseUrl: string): string {
	return `${baseUrl.trim().replace(/\/+$/, '')}${API_PATH}`;
}

/**
 * The one function that talks to Chert. Authentication comes from the credential's
 * `authenticate` block; any answer that is not a success becomes a NodeApiError carrying
 * Chert's code, message and trace id.
 */
export async function chertApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions,
	request: ChertRequest,
	itemIndex?: number,
): Promise<Record<string, unknown>> {
	const { baseUrl } = await this.getCredentials<ChertApiCredentials>(CHERT_CREDENTIAL_TYPE);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${apiRoot(baseUrl)}${request.endpoint}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs !== undefined) options.qs = request.qs;

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CHERT_CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		// No answer at all. n8n wraps the network failure in its own error, whose cause still
		// holds the request and its headers: only the failure's code goes on to the user.
		const networkCode = networkFailureCode(error);
		throw networkCode
			? chertUnreachableError(this.getNode(), baseUrl, networkCode, itemIndex)
			: asNodeError(this.getNode(), error, itemIndex);
	}

	if (response.statusCode >= 400) {
		const traceId = response.headers['x-trace-id'];
		throw chertApiError(
			this.getNode(),
			readChertError(response.statusCode, response.body, Array.isArray(traceId) ? traceId[0] : traceId),
			itemIndex,
		);
	}
	return (response.body ?? {}) as Record<string, unknown>;
}
