import type { IExecuteFunctions } from 'n8n-workflow';

import { uploadAttachment } from '../../shared/transport/attachments';
import { chertApiRequest } from '../../shared/transport/chert.api';
import type { ChertRequest, DeliverySettings, PendingUpload } from '../../shared/transport/request.types';
import { runIndexOf } from './idempotency';
import { setIn } from '../../shared/transport/objectPath';

/**
 * Uploads already made in this process, by execution, node, run, item, place and file. n8n's
 * Retry On Fail runs the node again in the same execution: re-uploading would give the send
 * a new attachment_id under the same idempotency key, which Chert refuses as a different
 * body. Bounded: the oldest are forgotten first.
 */
const uploaded = new Map<string, string>();
const MAX_REMEMBERED_UPLOADS = 2000;

function uploadMemoKey(context: IExecuteFunctions, itemIndex: number, upload: PendingUpload): string {
	return [
		context.getExecutionId() ?? '',
		context.getNode().id,
		runIndexOf(context, itemIndex),
		itemIndex,
		upload.path.join('.'),
		upload.file.fingerprint,
	].join('|');
}

export async function attachmentIdFor(
	this: IExecuteFunctions,
	upload: PendingUpload,
	itemIndex: number,
	delivery: DeliverySettings,
): Promise<string> {
	const memoKey = uploadMemoKey(this, itemIndex, upload);
	const known = uploaded.get(memoKey);
	if (known) return known;
	const attachmentId = await uploadAttachment.call(this, upload.file, itemIndex, delivery);
	uploaded.set(memoKey, attachmentId);
	if (uploaded.size > MAX_REMEMBERED_UPLOADS) uploaded.delete(uploaded.keys().next().value as string);
	return attachmentId;
}

/** The router's default way to send: upload the request's files, then send it. */
export async function sendWithUploads(
	this: IExecuteFunctions,
	request: ChertRequest,
	itemIndex: number,
	delivery: DeliverySettings,
): Promise<Record<string, unknown>> {
	let body = request.body;
	for (const upload of request.uploads ?? []) {
		body = setIn(body, upload.path, await attachmentIdFor.call(this, upload, itemIndex, delivery));
	}
	return await chertApiRequest.call(this, { ...request, body, uploads: undefined }, itemIndex, delivery);
}
