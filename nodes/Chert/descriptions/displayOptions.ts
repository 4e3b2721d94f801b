import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Adds `show` conditions to every property of an operation, so each operation file states
 * once where its fields appear (the idea of n8n's `updateDisplayOptions`).
 */
export function showOnlyFor(
	show: NonNullable<IDisplayOptions['show']>,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, ...show },
		},
	}));
}

/**
 * The labels a user sees for each parameter, keyed by parameter path (`options.subject`),
 * so validation errors name fields exactly as the node panel shows them.
 */
export function parameterLabels(properties: INodeProperties[]): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const property of properties) {
		labels[property.name] = property.displayName;
		if (property.type === 'collection' && property.options) {
			for (const option of property.options) {
				if ('displayName' in option && 'type' in option) {
					labels[`${property.name}.${option.name}`] = `${property.displayName} › ${option.displayName}`;
				}
			}
		}
	}
	return labels;
}

/** Relabels request paths (`message.subject`) with the parameters that fill them. */
export function requestLabels(
	properties: INodeProperties[],
	requestPathToParameter: Record<string, string>,
): Record<string, string> {
	const labels = parameterLabels(properties);
	return Object.fromEntries(
		Object.entries(requestPathToParameter).map(([requestPath, parameter]) => [
			requestPath,
			labels[parameter] ?? parameter,
		]),
	);
}
