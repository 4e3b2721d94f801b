import type { IDataObject } from 'n8n-workflow';

import { fieldsOfType, PART_FIELDS, type PartType } from '../schemas/parts';

/**
 * Turns the parts editor's value into Chert's parts, in the order shown. Fields of other
 * types are dropped (the editor keeps them when a part's type changes); empty optional
 * fields are dropped so Chert fetches link previews itself; required ones are kept, empty,
 * so validation can name them.
 */
export function toApiParts(collection: unknown): IDataObject[] {
	const entries = ((collection as { part?: IDataObject[] } | undefined)?.part ?? []) as IDataObject[];
	return entries.map((entry) => {
		const type = entry.type as PartType;
		const part: IDataObject = { type };
		for (const field of fieldsOfType(type)) {
			const value = entry[field];
			const { apiKey, required } = PART_FIELDS[field];
			if (value === undefined || value === null || (value === '' && !required)) continue;
			part[apiKey] = typeof value === 'string' ? value : String(value);
		}
		return part;
	});
}
