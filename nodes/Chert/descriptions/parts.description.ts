import type { INodeProperties } from 'n8n-workflow';

import { MAX_PARTS } from '../schemas/limits';
import { PART_FIELDS, PART_TYPES, partFieldNames, partTypeValues } from '../schemas/parts';

/** The parts editor: one entry per bubble, in the order they are sent, fields per type. */
export const partsProperty: INodeProperties = {
	displayName: 'Parts',
	name: 'parts',
	type: 'fixedCollection',
	placeholder: 'Add Part',
	description: `The message content, sent in this order (1–${MAX_PARTS} parts; no two text parts in a row)`,
	required: true,
	typeOptions: { multipleValues: true, sortable: true },
	default: { part: [{ type: 'text', text: '' }] },
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
						displayOptions: { show: { type: [...PART_FIELDS[name].types] } },
					}),
				),
			],
		},
	],
};
