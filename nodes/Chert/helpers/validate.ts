import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';

import { parseRequest, type FieldLabels } from '../schemas/issues';

/**
 * Checks a request against its schema before anything is sent. The error names the item as
 * n8n shows it (1-based) and the field as the node panel labels it, and says how to fix it.
 */
export function validateRequest<S extends z.ZodTypeAny>(
	this: IExecuteFunctions,
	schema: S,
	input: unknown,
	labels: FieldLabels,
	itemIndex: number,
): z.output<S> {
	const result = parseRequest(schema, input, labels);
	if (result.success) return result.data;
	const [first, ...more] = result.problems;
	throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: ${first}`, {
		itemIndex,
		description:
			more.length > 0
				? `Also: ${more.join('; ')}. Nothing was sent to Chert.`
				: 'Nothing was sent to Chert.',
	});
}
