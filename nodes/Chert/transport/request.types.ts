import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

/** One call to Chert's API, already validated: the transport only sends it. */
export interface ChertRequest {
	method: IHttpRequestMethods;
	/** Path under `/api/v1`, e.g. `/chats`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * Set on requests that text someone. Names where the body carries its idempotency key
	 * (e.g. `['message', 'idempotency_key']`): a send is retried only while it carries one.
	 */
	idempotencyKeyPath?: readonly string[];
	/** False for a request Chert documents as not idempotent (a reaction): never repeated. */
	repeatable?: false;
}

/** How hard the transport tries one request. */
export interface DeliverySettings {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Per attempt, in milliseconds. */
	timeoutMs: number;
}

export type ChertAuthentication = 'bearer' | 'hmac';

export interface ChertApiCredentials {
	signingSecret: string;
	baseUrl: string;
	authentication?: ChertAuthentication;
	tenant?: string;
}

export const CHERT_CREDENTIAL_TYPE = 'chertApi';
