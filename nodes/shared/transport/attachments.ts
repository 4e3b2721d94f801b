import { NodeApiError, type IExecuteFunctions, type IN8nHttpFullResponse, type JsonObject } from 'n8n-workflow';

import { chertApiRequest, sendWithRetries } from './chert.api';
import type { BinaryFile, DeliverySettings } from './request.types';

/**
 * Chert's upload flow for one file: `POST /attachments` announces it, then its raw bytes
 * (not multipart) go to the returned `upload_url` with the `required_headers` Chert gave.
 * Returns the attachment_id. Chert's answer to the announcement carries an authorization
 * header for the upload: it is used here and never leaves this function.
 */
export async function uploadAttachment(
	this: IExecuteFunctions,
	file: BinaryFile,
	itemIndex: number,
	delivery: DeliverySettings,
): Promise<string> {
	const created = await chertApiRequest.call(
		this,
		{
			method: 'POST',
			endpoint: '/attachments',
			body: { filename: file.fileName, content_type: file.mimeType, size_bytes: file.sizeBytes },
		},
		itemIndex,
		delivery,
	);
	const attachmentId = created.attachment_id;
	const uploadUrl = created.upload_url;
	if (typeof attachmentId !== 'string' || typeof uploadUrl !== 'string') {
		throw new NodeApiError(this.getNode(), { message: 'no upload_url' } as JsonObject, {
			message: 'Chert did not say where to upload the file',
			description: 'Its answer to POST /attachments had no attachment_id or upload_url.',
			itemIndex,
		});
	}
	const requiredHeaders = Object.fromEntries(
		Object.entries((created.required_headers as Record<string, unknown> | undefined) ?? {}).map(
			([name, value]) => [name, String(value)],
		),
	);

	await sendWithRetries.call(
		this,
		// Re-opened on every attempt: a stream is read once.
		async (timeout) =>
			(await this.helpers.httpRequest({
				method: 'PUT',
				url: uploadUrl,
				body: await file.open(),
				headers: {
					'content-type': file.mimeType,
					...requiredHeaders,
					'content-length': String(file.sizeBytes),
				},
				timeout,
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse,
		{ target: new URL(uploadUrl).origin, safeToRepeat: true, itemIndex, delivery },
	);
	return attachmentId;
}
