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
	/** Files to upload first; each one's attachment_id replaces the placeholder at `path`. */
	uploads?: PendingUpload[];
}

/** A file from n8n's binary data, checked and measured, not yet read. */
export interface BinaryFile {
	/** The item's binary property it comes from. */
	property: string;
	fileName: string;
	mimeType: string;
	sizeBytes: number;
	/** Identifies the content, so a different file makes a different send. */
	fingerprint: string;
	/** Opens the bytes: a stream when n8n keeps binaries on disk, else the buffer it holds. */
	open(): Promise<Buffer | import('stream').Readable>;
}

export interface PendingUpload {
	file: BinaryFile;
	/** Where in the request body the attachment_id goes. */
	path: ReadonlyArray<string | number>;
}

/** How hard the transport tries one request. */
export interface DeliverySettings {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Per attempt, in milliseconds. */
	timeoutMs: number;
	/** Shared by the requests of one node run: the pace they go out at (none: at once). */
	throttle?: SendThrottle;
}

/** The pace the requests of one node run share (see helpers/rateLimit.ts). */
export interface SendThrottle {
	/** Resolves when one more request may be sent. */
	acquire(): Promise<void>;
	/** Chert asked to wait: no request of the run is sent for `ms`. */
	pauseFor(ms: number): void;
	/** A request sent after `acquire` got its answer (of any status) after `ms`. */
	recordRoundTrip(ms: number): void;
}

export type ChertAuthentication = 'bearer' | 'hmac';

export interface ChertApiCredentials {
	signingSecret: string;
	baseUrl: string;
	authentication?: ChertAuthentication;
	tenant?: string;
}

export const CHERT_CREDENTIAL_TYPE = 'chertApi';
