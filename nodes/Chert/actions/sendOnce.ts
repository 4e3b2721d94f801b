import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../shared/transport/nodeError';
import { chertApiRequest } from '../../shared/transport/chert.api';
import type { ChertExecute } from './operation.types';

const NOT_REPEATED =
	'Chert marks this failure as retryable, but Chert does not document this call as idempotent, so the node did not repeat it: check the result, then run it again if it is still needed.';

/**
 * Sends a request Chert does not document as idempotent exactly once: a repeat after a lost
 * answer could do it twice. When Chert calls the failure retryable, the error says why the
 * node still did not retry.
 */
export const sendOnce: ChertExecute = async function (request, itemIndex, delivery) {
	try {
		return await chertApiRequest.call(this, { ...request, repeatable: false }, itemIndex, delivery);
	} catch (error) {
		const chert = error instanceof NodeApiError ? (error.context.chert as { retryable?: unknown } | undefined) : undefined;
		if (error instanceof NodeApiError && chert?.retryable === true) {
			// Before the trace id, which stays last, as in every other Chert error.
			const description = error.description ?? '';
			const traceId = /Trace ID: \S+$/.exec(description)?.[0];
			const before = traceId ? description.slice(0, -traceId.length).trim() : description;
			error.description = [before, NOT_REPEATED, traceId].filter(Boolean).join(' ');
		}
		throw asNodeError(this.getNode(), error, itemIndex);
	}
};
