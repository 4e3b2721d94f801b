import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ChertRequest } from '../../shared/transport/request.types';
import { idempotencyKeyOf } from '../../shared/transport/idempotencyKey';
import { setIn } from '../../shared/transport/objectPath';

/**
 * What an automatic idempotency key identifies.
 * - `execution`: this item of this node in this execution; the node's own retries, n8n's
 *   Retry On Fail and n8n's retry of a failed execution (Executions list → Retry, which
 *   starts a new execution from the failed one's saved data) reuse it; any other execution
 *   does not.
 * - `content`: this node sending this body to this chat or these recipients, in any
 *   execution: the same text to the same person is sent once.
 */
export type IdempotencyKeyScope = 'execution' | 'content';

/**
 * Gives a send its idempotency key: the user's when given, else one derived from what
 * identifies this exact send, plus a digest of the request so an edited message is a new send.
 */
export function withIdempotencyKey(
	this: IExecuteFunctions,
	request: ChertRequest,
	itemIndex: number,
	scope: IdempotencyKeyScope,
): ChertRequest {
	const path = request.idempotencyKeyPath;
	if (!path || idempotencyKeyOf(request) !== undefined) return request;

	const node = this.getNode();
	const requestDigest = digest(request.method, request.endpoint, stableJson(request.body ?? {}));
	const identity =
		scope === 'content'
			? ['content', this.getWorkflow().id ?? '', node.id]
			: [
					'execution',
					originExecutionId.call(this),
					node.id,
					String(runIndexOf(this, itemIndex)),
					String(itemIndex),
				];
	const key = `n8n-${digest(...identity, requestDigest).slice(0, 40)}`;
	return { ...request, body: setIn(request.body ?? {}, path, key) };
}

const runIndexes = new WeakMap<IExecuteFunctions, number>();

/** Which run of the node this is: the same for every item of one node run (one context). */
export function runIndexOf(context: IExecuteFunctions, itemIndex: number): number {
	let runIndex = runIndexes.get(context);
	if (runIndex === undefined) {
		runIndex = Number(context.getWorkflowDataProxy(itemIndex).$runIndex ?? 0);
		runIndexes.set(context, runIndex);
	}
	return runIndex;
}

/** Where the node keeps, in its context, the id of the execution that first ran it. */
export const ORIGIN_EXECUTION_KEY = 'idempotencyOriginExecutionId';

/**
 * The execution whose id `execution`-scoped keys are derived from: the one that first ran this
 * node. It is kept in the node's context (`getContext('node')`), which n8n saves with the
 * execution's data. n8n's retry of a failed execution starts a new execution from that saved
 * data, node contexts included, and resumes at the node that failed with the same input
 * items and run index: the retried node finds the original's id there, so every item gets the
 * key it had and what had already gone out is answered by Chert instead of being sent again.
 * A retry of a retry finds the same id. Where no context is available, the execution's own id.
 */
export function originExecutionId(this: IExecuteFunctions): string {
	const own = this.getExecutionId() ?? '';
	let context: IDataObject;
	try {
		context = this.getContext('node');
	} catch {
		return own;
	}
	const kept = context[ORIGIN_EXECUTION_KEY];
	if (typeof kept === 'string' && kept.length > 0) return kept;
	if (own) context[ORIGIN_EXECUTION_KEY] = own;
	return own;
}

function digest(...parts: string[]): string {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part).update('\u0000');
	return hash.digest('hex');
}

/** JSON with sorted keys, so the digest does not depend on the order fields were set in. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, entry]) => entry !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

