import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { apiRoot, DEFAULT_DELIVERY, sendWithRetries } from './chert.api';
import { CHERT_CREDENTIAL_TYPE, type ChertApiCredentials, type DeliverySettings } from './request.types';

/** The bytes of an attachment, with what Chert's answer says about them. */
export interface AttachmentContent {
	bytes: Buffer;
	mimeType?: string;
	fileName?: string;
}

/**
 * `GET /attachments/{attachment_id}/content`: the bytes of an (inbound) attachment, through
 * the credential like every other call (bearer or HMAC over the empty body), retried as a
 * read is. A failure becomes the same NodeApiError as any Chert error.
 */
export async function downloadAttachment(
	this: IExecuteFunctions | IWebhookFunctions | ITriggerFunctions,
	attachmentId: string,
	delivery: DeliverySettings = DEFAULT_DELIVERY,
): Promise<AttachmentContent> {
	const { baseUrl } = await this.getCredentials<ChertApiCredentials>(CHERT_CREDENTIAL_TYPE);
	const endpoint = `/attachments/${encodeURIComponent(attachmentId)}/content`;
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: `${apiRoot(baseUrl)}${endpoint}`,
		json: false,
		encoding: 'arraybuffer',
	};
	const send = async (timeout: number) => {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, CHERT_CREDENTIAL_TYPE, {
			...options,
			timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		// An error answer is Chert's JSON envelope: read it as such, not as file bytes.
		if (response.statusCode >= 400) {
			return { ...response, body: parseJson(toBuffer(response.body)) as IN8nHttpFullResponse['body'] };
		}
		return response;
	};
	// sendWithRetries only asks its context for getNode(); its ChertContext type does not list
	// the webhook context, which offers that as well.
	const response = await sendWithRetries.call(this as unknown as IHookFunctions, send, {
		target: baseUrl,
		safeToRepeat: true,
		delivery,
		route: { method: 'GET', endpoint },
	});
	return {
		bytes: toBuffer(response.body),
		mimeType: headerOf(response.headers, 'content-type')?.split(';')[0].trim() || undefined,
		fileName: fileNameOf(headerOf(response.headers, 'content-disposition')),
	};
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.alloc(0);
}

function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return bytes.toString('utf8');
	}
}

function headerOf(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const value = headers?.[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/** `attachment; filename="a.png"` or `filename*=UTF-8''a%20b.png`. */
export function fileNameOf(contentDisposition: string | undefined): string | undefined {
	if (!contentDisposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// falls back to the plain parameter
		}
	}
	const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(contentDisposition);
	const name = (plain?.[1] ?? plain?.[2])?.trim();
	return name || undefined;
}
