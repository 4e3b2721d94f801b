import type { INodeProperties } from 'n8n-workflow';

import { MAX_ATTACHMENT_BYTES, MAX_PARTS } from '../schemas/limits';
import { PART_FIELDS, PART_TYPES, partFieldNames, partTypeValues, type PartField } from '../schemas/parts';

/** Where a media part's file comes from (editor only: Chert sees an attachment_id either way). */
export const MEDIA_SOURCES = { attachmentId: 'Attachment ID', binary: 'Binary File' } as const;
export type MediaSource = keyof typeof MEDIA_SOURCES;

const mediaFields: INodeProperties[] = [
	{
		displayName: 'Media Source',
		name: 'source',
		type: 'options',
		default: 'attachmentId',
		description: 'Where the file comes from',
		options: [
			{
				name: MEDIA_SOURCES.binary,
				value: 'binary',
				description: `A file from a previous node (e.g. an HTTP Request download): the node uploads it to Chert first (at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB)`,
			},
			{
				name: MEDIA_SOURCES.attachmentId,
				value: 'attachmentId',
				description: 'A file already uploaded to Chert',
			},
		],
		displayOptions: { show: { type: ['media'] } },
	},
	{
		displayName: 'Binary Property',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description: 'The name of the incoming item’s binary property that holds the file',
		displayOptions: { show: { type: ['media'], source: ['binary'] } },
	},
];

function showWhenOf(name: PartField): Record<string, string[]> {
	const field = PART_FIELDS[name];
	return 'showWhen' in field ? { ...field.showWhen } : {};
}

/** The parts editor: one entry per bubble, in the order they are sent, fields per type. */
const partsEditor: INodeProperties = {
	displayName: 'Parts',
	name: 'parts',
	type: 'fixedCollection',
	placeholder: 'Add Part',
	description: `The message content, sent in this order (1–${MAX_PARTS} parts; no two text parts in a row)`,
	required: true,
	typeOptions: { multipleValues: true, sortable: true },
	default: { part: [{ type: 'text', text: '' }] },
	displayOptions: { show: { partsInput: ['fields'] } },
	options: [
		{
			displayName: 'Part',
			name: 'part',
			values: [
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					default: 'text',
					options: partTypeValues.map((value) => ({
						name: PART_TYPES[value].name,
						value,
						description: PART_TYPES[value].description,
					})),
				},
				...mediaFields,
				...partFieldNames.map(
					(name): INodeProperties => ({
						displayName: PART_FIELDS[name].displayName,
						name,
						type: 'string',
						default: '',
						description: PART_FIELDS[name].description,
						placeholder: PART_FIELDS[name].placeholder,
						required: PART_FIELDS[name].required,
						...(name === 'text' ? { typeOptions: { rows: 3 } } : {}),
						displayOptions: {
							show: { type: [...PART_FIELDS[name].types], ...showWhenOf(name) },
						},
					}),
				),
			],
		},
	],
};

/** Parts as one JSON array, for expressions and AI agents: Chert's own part objects. */
const partsJson: INodeProperties = {
	displayName: 'Parts (JSON)',
	name: 'partsJson',
	type: 'json',
	required: true,
	default: '[\n  { "type": "text", "value": "Hello!" }\n]',
	description: `A JSON array of Chert message parts, sent in order (1–${MAX_PARTS}), no two text parts in a row`,
	hint: 'Each part is one of: {"type":"text","value":"…"} · {"type":"media","attachment_id":"…"} · {"type":"rich_link","url":"https://…"} with optional "title", "summary", "image_url", "icon_url" · {"type":"link","url":"https://…"} (follow-ups only)',
	displayOptions: { show: { partsInput: ['json'] } },
};

export const partsProperties: INodeProperties[] = [
	{
		displayName: 'Parts Input',
		name: 'partsInput',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		description: 'How to give the message content',
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'The parts editor' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'One JSON array of Chert parts, e.g. from an expression or an AI agent',
			},
		],
	},
	partsEditor,
	partsJson,
];
