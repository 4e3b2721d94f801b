import type { IBinaryKeyData, IDataObject, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { downloadAttachment } from '../transport/attachmentContent';

/**
 * Downloads the files of the media parts into binary properties `<prefix><n>` (n = the
 * part's position among the media parts, from 0), each named and typed from the part when
 * it says so, else from Chert's answer. Each media entry is told where its file went
 * (`binaryProperty`). A part without an attachment_id is left as it is.
 */
export async function downloadMedia(
	this: IWebhookFunctions | ITriggerFunctions,
	media: IDataObject[],
	prefix: string,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	for (const [index, part] of media.entries()) {
		const attachmentId = part.attachment_id;
		if (typeof attachmentId !== 'string' || attachmentId === '') continue;
		const content = await downloadAttachment.call(this, attachmentId);
		const property = `${prefix}${index}`;
		binary[property] = await this.helpers.prepareBinaryData(
			content.bytes,
			firstString(part.filename, part.file_name, part.name) ?? content.fileName ?? attachmentId,
			firstString(part.content_type, part.mime_type, part.mimeType) ?? content.mimeType,
		);
		part.binaryProperty = property;
	}
	return binary;
}

function firstString(...values: unknown[]): string | undefined {
	return values.find((value): value is string => typeof value === 'string' && value !== '');
}
