import { z } from 'zod';

import { MAX_ATTACHMENT_BYTES } from './limits';

/** `POST /attachments`: announces a file before its bytes are uploaded. */
export const createAttachmentRequest = z
	.object({
		filename: z.string({ required_error: 'is required' }).trim().min(1, 'needs a file name'),
		content_type: z
			.string({ required_error: 'is required' })
			.regex(/^[\w.+-]+\/[\w.+-]+/, 'needs a MIME type such as image/png (set one on the binary data)'),
		size_bytes: z
			.number()
			.int()
			.min(1, 'is empty: the file has no bytes')
			.max(
				MAX_ATTACHMENT_BYTES,
				`is larger than Chert's limit of ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
			),
	})
	.strict();

export type CreateAttachmentRequest = z.infer<typeof createAttachmentRequest>;
