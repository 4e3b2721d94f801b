import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestOptions } from '../options.description';
import { showOnlyFor } from '../../descriptions/displayOptions';
import { binaryFileOf } from '../../helpers/binary';
import { attachmentIdFor } from '../../helpers/uploads';
import { validateRequest } from '../../helpers/validate';
import { createAttachmentRequest } from '../../schemas/attachment';
import { MAX_ATTACHMENT_BYTES } from '../../schemas/limits';
import type { ChertRequest, DeliverySettings } from '../../../shared/transport/request.types';

const properties: INodeProperties[] = [
	{
		displayName: 'Binary Property',
		name: 'binaryProperty',
		type: 'string',
		required: true,
		default: 'data',
		description: `The name of the incoming item’s binary property that holds the file to upload (at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB)`,
	},
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['attachment'], operation: ['upload'] }, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<ChertRequest> {
	const label = 'Binary Property';
	const file = await binaryFileOf.call(this, itemIndex, this.getNodeParameter('binaryProperty', itemIndex) as string, label);
	const body = validateRequest.call(
		this,
		createAttachmentRequest,
		{ filename: file.fileName, content_type: file.mimeType, size_bytes: file.sizeBytes },
		{ filename: `${label} (file name)`, content_type: `${label} (MIME type)`, size_bytes: label },
		itemIndex,
	);
	return { method: 'POST', endpoint: '/attachments', body, uploads: [{ file, path: ['attachment_id'] }] };
}

/** The upload flow itself (announce, then PUT the bytes); the answer is the id alone. */
export async function execute(
	this: IExecuteFunctions,
	request: ChertRequest,
	itemIndex: number,
	delivery: DeliverySettings,
): Promise<Record<string, unknown>> {
	const [upload] = request.uploads ?? [];
	return { attachment_id: await attachmentIdFor.call(this, upload, itemIndex, delivery) };
}

// Chert's answer to the announcement holds the upload's authorization header: only the id
// leaves the node (as Chert names it, and as the other ids are named at the top level).
export function toOutput(response: Record<string, unknown>) {
	return { attachment_id: response.attachment_id as string, attachmentId: response.attachment_id as string };
}
