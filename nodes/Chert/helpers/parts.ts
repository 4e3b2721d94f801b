import { NodeOperationError, jsonParse, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { MediaSource } from '../descriptions/parts.description';
import { createAttachmentRequest } from '../schemas/attachment';
import { fieldsOfType, PART_FIELDS, PART_TYPES, type PartType } from '../schemas/parts';
import type { PendingUpload } from '../../shared/transport/request.types';
import { binaryFileOf } from './binary';
import { validateRequest } from './validate';

/**
 * Turns the parts editor's value into Chert's parts, in the order shown. Fields of other
 * types are dropped (the editor keeps them when a part's type changes); empty optional
 * fields are dropped so Chert fetches link previews itself; required ones are kept, empty,
 * so validation can name them.
 */
export function toApiParts(collection: unknown): IDataObject[] {
	return entriesOf(collection).map(fieldsToPart);
}

function entriesOf(collection: unknown): IDataObject[] {
	return ((collection as { part?: IDataObject[] } | undefined)?.part ?? []) as IDataObject[];
}

function fieldsToPart(entry: IDataObject): IDataObject {
	const type = entry.type as PartType;
	const part: IDataObject = { type };
	for (const field of fieldsOfType(type)) {
		const value = entry[field];
		const { apiKey, required } = PART_FIELDS[field];
		if (value === undefined || value === null || (value === '' && !required)) continue;
		part[apiKey] = typeof value === 'string' ? value : String(value);
	}
	return part;
}

/**
 * The parts of this item's message, from the editor or from JSON. A media part whose file
 * comes from n8n's binary data gets a placeholder attachment_id naming the file, and an
 * upload to make before sending (its file checked against Chert's limits now).
 */
export async function readParts(
	this: IExecuteFunctions,
	itemIndex: number,
	partsPath: ReadonlyArray<string | number>,
): Promise<{ parts: IDataObject[]; uploads: PendingUpload[] }> {
	if (this.getNodeParameter('partsInput', itemIndex, 'fields') === 'json') {
		return { parts: partsFromJson(this, itemIndex), uploads: [] };
	}
	const uploads: PendingUpload[] = [];
	const parts: IDataObject[] = [];
	const entries = entriesOf(this.getNodeParameter('parts', itemIndex, {}));
	for (const [index, entry] of entries.entries()) {
		if (entry.type !== 'media' || (entry.source as MediaSource | undefined) !== 'binary') {
			parts.push(fieldsToPart(entry));
			continue;
		}
		const label = `Parts › Part ${index + 1} (${PART_TYPES.media.name}) › Binary Property`;
		const file = await binaryFileOf.call(this, itemIndex, String(entry.binaryProperty || 'data'), label);
		validateRequest.call(
			this,
			createAttachmentRequest,
			{ filename: file.fileName, content_type: file.mimeType, size_bytes: file.sizeBytes },
			{ filename: `${label} (file name)`, content_type: `${label} (MIME type)`, size_bytes: label },
			itemIndex,
		);
		parts.push({ type: 'media', [PART_FIELDS.attachmentId.apiKey]: `n8n-binary-${file.fingerprint}` });
		uploads.push({ file, path: [...partsPath, index, PART_FIELDS.attachmentId.apiKey] });
	}
	return { parts, uploads };
}

function partsFromJson(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const value = context.getNodeParameter('partsJson', itemIndex, '[]') as unknown;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch (error) {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${itemIndex + 1}: "Parts (JSON)" is not valid JSON: ${(error as Error).message}`,
				{ itemIndex, description: 'Give a JSON array of parts, e.g. [{"type":"text","value":"Hi"}]. Nothing was sent to Chert.' },
			);
		}
	}
	// An agent often sends one part as an object rather than a list of one.
	return (Array.isArray(parsed) ? parsed : [parsed]) as IDataObject[];
}
