import { createHash } from 'crypto';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { BinaryFile } from '../../shared/transport/request.types';

/**
 * Finds a file in an item's binary data and measures it without reading it: n8n may keep
 * binaries on disk, and a file is only streamed to Chert when it is uploaded.
 */
export async function binaryFileOf(
	this: IExecuteFunctions,
	itemIndex: number,
	property: string,
	label: string,
): Promise<BinaryFile> {
	const binary = this.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		const available = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex + 1}: "${label}" names the binary property "${property}", which this item does not have`,
			{
				itemIndex,
				description: available.length
					? `This item has: ${available.join(', ')}. Nothing was sent to Chert.`
					: 'This item carries no file: the previous node must output binary data (e.g. an HTTP Request downloading a file). Nothing was sent to Chert.',
			},
		);
	}
	const sizeBytes =
		typeof binary.bytes === 'number'
			? binary.bytes
			: binary.id
				? (await this.helpers.getBinaryMetadata(binary.id)).fileSize
				: Buffer.byteLength(binary.data, 'base64');
	const binaryId = binary.id;
	return {
		property,
		fileName: binary.fileName ?? `${property}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
		mimeType: binary.mimeType,
		sizeBytes,
		fingerprint: binaryId ?? createHash('sha256').update(binary.data).digest('hex').slice(0, 32),
		open: async () =>
			binaryId
				? await this.helpers.getBinaryStream(binaryId)
				: await this.helpers.getBinaryDataBuffer(itemIndex, property),
	};
}
