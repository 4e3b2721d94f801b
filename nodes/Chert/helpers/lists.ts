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
