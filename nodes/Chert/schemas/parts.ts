import { z } from 'zod';

import { MAX_PARTS } from './limits';

/**
 * The part types Chert accepts, with everything the node knows about each: the UI's type
 * dropdown, the request builder and the validation below all read this one table.
 */
export const PART_TYPES = {
	text: { name: 'Text', description: 'A text bubble' },
	media: { name: 'Media', description: 'An image, video or file uploaded to Chert beforehand' },
	rich_link: {
		name: 'Rich Link',
		description: 'A link preview bubble; Chert fetches the preview when the details are left empty',
	},
	link: {
		name: 'Link (Legacy)',
		description: 'A plain link part; refused in a first message (use Rich Link)',
	},
} as const;

export type PartType = keyof typeof PART_TYPES;
export const partTypeValues = Object.keys(PART_TYPES) as [PartType, ...PartType[]];

const nonEmptyText = z
	.string({ required_error: 'is required' })
	.refine((value) => value.trim().length > 0, 'must not be empty');

const httpUrl = z
	.string({ required_error: 'is required' })
	.trim()
	.refine(
		(value) => !/\s/.test(value) && isUrl(value),
		'must be an absolute http(s) URL (e.g. https://example.com/page)',
	);

function isUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
	} catch {
		return false;
	}
}

/**
 * Each field a part can carry: the API key Chert reads, the node parameter that fills it,
 * its label, the part types that use it, and what a valid value is.
 */
export const PART_FIELDS = {
	text: {
		apiKey: 'value',
		displayName: 'Text',
		description: 'The text of this bubble. A first message may not contain links: put them in a Rich Link part.',
		placeholder: 'Hi Ana, your order has shipped!',
		types: ['text'],
		schema: nonEmptyText,
		required: true,
	},
	attachmentId: {
		apiKey: 'attachment_id',
		displayName: 'Attachment ID',
		description: 'The attachment_id Chert returned when the file was uploaded (not a URL)',
		placeholder: 'att_…',
		types: ['media'],
		showWhen: { source: ['attachmentId'] },
		schema: z
			.string({ required_error: 'is required' })
			.trim()
			.min(1, 'is required: upload the file to Chert first and use the attachment_id it returns')
			.refine(
				(value) => !/^https?:\/\//i.test(value),
				'must be a Chert attachment ID, not a URL: upload the file to Chert first and use the attachment_id it returns',
			),
		required: true,
	},
	url: {
		apiKey: 'url',
		displayName: 'URL',
		description: 'The absolute http(s) address the link opens',
		placeholder: 'https://example.com/order/123',
		types: ['rich_link', 'link'],
		schema: httpUrl,
		required: true,
	},
	title: {
		apiKey: 'title',
		displayName: 'Title',
		description: 'Preview title; Chert fetches it from the page when left empty',
		placeholder: '',
		types: ['rich_link'],
		schema: z.string(),
		required: false,
	},
	summary: {
		apiKey: 'summary',
		displayName: 'Summary',
		description: 'Preview text under the title; Chert fetches it when left empty',
		placeholder: '',
		types: ['rich_link'],
		schema: z.string(),
		required: false,
	},
	imageUrl: {
		apiKey: 'image_url',
		displayName: 'Image URL',
		description: 'Preview image (absolute http(s) URL); Chert fetches it when left empty',
		placeholder: 'https://example.com/preview.png',
		types: ['rich_link'],
		schema: httpUrl,
		required: false,
	},
	iconUrl: {
		apiKey: 'icon_url',
		displayName: 'Icon URL',
		description: 'Preview icon (absolute http(s) URL); Chert fetches it when left empty',
		placeholder: 'https://example.com/favicon.png',
		types: ['rich_link'],
		schema: httpUrl,
		required: false,
	},
} as const satisfies Record<
	string,
	{
		apiKey: string;
		displayName: string;
		description: string;
		placeholder: string;
		types: readonly PartType[];
		/** Further conditions for showing the field in the parts editor. */
		showWhen?: Record<string, string[]>;
		schema: z.ZodTypeAny;
		required: boolean;
	}
>;

export type PartField = keyof typeof PART_FIELDS;
export const partFieldNames = Object.keys(PART_FIELDS) as PartField[];

export function fieldsOfType(type: PartType): PartField[] {
	return partFieldNames.filter((field) =>
		(PART_FIELDS[field].types as readonly PartType[]).includes(type),
	);
}

function partSchemaOf(type: PartType) {
	const shape: Record<string, z.ZodTypeAny> = { type: z.literal(type) };
	for (const field of fieldsOfType(type)) {
		const { apiKey, schema, required } = PART_FIELDS[field];
		shape[apiKey] = required ? schema : schema.optional();
	}
	return z.object(shape).strict();
}

export type ChertPart = { type: PartType } & Record<string, string>;

const partSchema = z.discriminatedUnion(
	'type',
	partTypeValues.map(partSchemaOf) as unknown as [
		z.ZodDiscriminatedUnionOption<'type'>,
		...Array<z.ZodDiscriminatedUnionOption<'type'>>,
	],
	{
		errorMap: (issue, ctx) =>
			issue.code === z.ZodIssueCode.invalid_union_discriminator
				? { message: `must be one of: ${partTypeValues.join(', ')}` }
				: { message: ctx.defaultError },
	},
);

/** Rules every message's parts follow, first message or follow-up. */
export const partsSchema = z
	.array(partSchema)
	.min(1, 'needs at least one part: add a part to the message')
	.max(MAX_PARTS, `can hold at most ${MAX_PARTS} parts: split the content over several messages`)
	.superRefine((parts, ctx) => {
		parts.forEach((part, index) => {
			if (index > 0 && part.type === 'text' && parts[index - 1].type === 'text') {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [index, 'type'],
					message:
						'follows another text part: Chert refuses two text parts in a row, so merge them into one text part or put another part between them',
				});
			}
		});
	}) as unknown as z.ZodType<ChertPart[]>;

const URL_IN_TEXT = /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\.[a-z]/i;

/** Extra rules for the first message of a chat (Chert error 1005). */
export function refineFirstMessageParts(parts: ChertPart[], ctx: z.RefinementCtx, path: Array<string | number>) {
	parts.forEach((part, index) => {
		if (part.type === 'text' && URL_IN_TEXT.test(part.value ?? '')) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [...path, index, PART_FIELDS.text.apiKey],
				message:
					'contains a URL: Chert refuses links inside the text of a first message, so move the link into a Rich Link part',
			});
		}
		if (part.type === 'link') {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [...path, index, 'type'],
				message: 'is a legacy Link part, which Chert refuses in a first message: use a Rich Link part instead',
			});
		}
	});
}

/** A group chat's first message can only be text (Chert error 4099). */
export function refineGroupFirstMessageParts(parts: ChertPart[], ctx: z.RefinementCtx, path: Array<string | number>) {
	parts.forEach((part, index) => {
		if (part.type !== 'text') {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [...path, index, 'type'],
				message: `is ${PART_TYPES[part.type].name}, but the first message of a group chat can only contain text: send media and links in a follow-up message`,
			});
		}
	});
}
