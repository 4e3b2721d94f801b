import type { IDataObject } from 'n8n-workflow';

/**
 * Leaves out the optional fields a user left empty, so Chert applies its own defaults; a
 * blank but non-empty value stays, for validation to refuse.
 */
export function omitEmpty(fields: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(fields).filter(
			([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
		),
	);
}
