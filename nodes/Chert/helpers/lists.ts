/**
 * Reads a list field: entries separated by commas, semicolons, spaces or new lines, or
 * (from an expression) an array of them, nested or not.
 */
export function parseList(value: unknown): string[] {
	const values = Array.isArray(value) ? value.flat(Infinity) : [value];
	return values
		.filter((entry) => entry !== undefined && entry !== null)
		.flatMap((entry) => String(entry).split(/[\s,;]+/))
		.filter((entry) => entry.length > 0);
}

/**
 * A list field whose entries may also be objects (Chert's own entry shapes, from an
 * expression or as JSON text): objects are kept as they are, everything else reads as in
 * parseList.
 */
export function parseEntries(value: unknown): unknown[] {
	const parsed = typeof value === 'string' && /^\s*[[{]/.test(value) ? parseJson(value) : value;
	const values = Array.isArray(parsed) ? parsed.flat(Infinity) : [parsed];
	return values.flatMap((entry) => (typeof entry === 'object' && entry !== null ? [entry] : parseList(entry)));
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// Not JSON after all: read as a plain list, whose check then names the bad entry.
		return text;
	}
}
