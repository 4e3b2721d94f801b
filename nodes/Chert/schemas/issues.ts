import { z } from 'zod';

import { PART_FIELDS, PART_TYPES, type PartType } from './parts';

/** Maps a request path (`from`, `message.subject`) to the label the user sees in the node. */
export type FieldLabels = Record<string, string>;

export type ParseResult<T> = { success: true; data: T } | { success: false; problems: string[] };

// Zod's defaults speak of types ("Expected string, received number"); users think in fields.
const errorMap: z.ZodErrorMap = (issue, ctx) => {
	if (issue.code === z.ZodIssueCode.invalid_type) {
		if (issue.received === 'undefined' || issue.received === 'null') return { message: 'is required' };
		return { message: `must be a ${issue.expected}, not a ${issue.received}` };
	}
	if (issue.code === z.ZodIssueCode.unrecognized_keys) {
		return { message: `has fields Chert does not accept: ${issue.keys.join(', ')}` };
	}
	return { message: ctx.defaultError };
};

export function parseRequest<S extends z.ZodTypeAny>(
	schema: S,
	input: unknown,
	labels: FieldLabels,
): ParseResult<z.output<S>> {
	const result = schema.safeParse(input, { errorMap });
	if (result.success) return { success: true, data: result.data };
	return {
		success: false,
		problems: result.error.issues.map((issue) => describeIssue(issue, labels, input)),
	};
}

const apiKeyLabels: Record<string, string> = Object.fromEntries(
	Object.values(PART_FIELDS).map((field) => [field.apiKey, field.displayName]),
);

function describeIssue(issue: z.ZodIssue, labels: FieldLabels, input: unknown): string {
	return `${labelOf(issue.path, labels, input)} ${issue.message}`;
}

function labelOf(path: Array<string | number>, labels: FieldLabels, input: unknown): string {
	const partsAt = path.indexOf('parts');
	const partsLabel = partsAt >= 0 ? labels[path.slice(0, partsAt + 1).join('.')] : undefined;
	if (partsLabel !== undefined) {
		const index = path[partsAt + 1];
		if (typeof index !== 'number') return `"${partsLabel}"`;
		const part = valueAt(input, path.slice(0, partsAt + 2)) as { type?: PartType } | undefined;
		const typeName = part?.type && part.type in PART_TYPES ? ` (${PART_TYPES[part.type].name})` : '';
		const key = path[partsAt + 2];
		const field = key === undefined ? '' : ` › ${key === 'type' ? 'Type' : (apiKeyLabels[key] ?? key)}`;
		return `"${partsLabel} › Part ${index + 1}${typeName}${field}"`;
	}
	for (let length = path.length; length > 0; length--) {
		const label = labels[path.slice(0, length).join('.')];
		if (label === undefined) continue;
		const rest = path.slice(length);
		const position = typeof rest[0] === 'number' ? ` (entry ${rest[0] + 1}: ${shown(valueAt(input, path.slice(0, length + 1)))})` : '';
		return `"${label}"${position}`;
	}
	return `"${path.join('.') || 'Request'}"`;
}

/** An entry as the user gave it: text as it is, an object as JSON. */
function shown(value: unknown): string {
	return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function valueAt(input: unknown, path: Array<string | number>): unknown {
	return path.reduce<unknown>(
		(value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
		input,
	);
}
