import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

/** One call to Chert's API, already validated: the transport only sends it. */
export interface ChertRequest {
	method: IHttpRequestMethods;
	/** Path under `/api/v1`, e.g. `/chats`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
}

export interface ChertApiCredentials {
	signingSecret: string;
	baseUrl: string;
}

export const CHERT_CREDENTIAL_TYPE = 'chertApi';
