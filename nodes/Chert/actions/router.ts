import {
	NodeError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { asNodeError } from '../../shared/transport/nodeError';
import { withIdempotencyKey, type IdempotencyKeyScope } from '../helpers/idempotency';
import { idempotencyKeyOf } from '../../shared/transport/idempotencyKey';
import { runPool } from '../helpers/pool';
import { RequestThrottle } from '../helpers/rateLimit';
import { sendWithUploads } from '../helpers/uploads';
import { DEFAULT_DELIVERY } from '../../shared/transport/chert.api';
import type { ChertRequest, DeliverySettings } from '../../shared/transport/request.types';
import * as attachment from './attachment';
import * as chat from './chat';
import * as event from './event';
import * as location from './location';
import * as message from './message';
import * as phoneNumber from './phoneNumber';
import * as webhookSubscription from './webhookSubscription';
import type { ChertNodeMap, ChertResource } from './node.type';
import type { ChertOperation } from './operation.types';

const resources: { [R in ChertResource]: Record<ChertNodeMap[R], ChertOperation> } = {
	attachment: attachment.operations,
	chat: chat.operations,
	event: event.operations,
	location: location.operations,
	message: message.operations,
	phoneNumber: phoneNumber.operations,
	webhookSubscription: webhookSubscription.operations,
};

/** The node-level pace when the Options leave it out: one item at a time, no rate limit. */
export const DEFAULT_PACE = { maxConcurrency: 1, maxPerSecond: 0 };

/**
 * The item loop for every operation. All items are validated first, so bad input fails the
 * node before anything is sent; then the requests go out, up to Max Concurrent Requests at a
 * time and at most Max Messages per Second, and every input item gets its output item or
 * (with Continue On Fail) its error item, in input order and paired to it, whatever order
 * Chert answers in. Without Continue On Fail, the first failure stops new sends; the requests
 * already in flight finish, then the node fails with the error of the first item (in item
 * order) that failed.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as ChertResource;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = (resources[resource] as Record<string, ChertOperation> | undefined)?.[
		operationName
	];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not supported`,
		);
	}
	const continueOnFail = this.continueOnFail();
	const pace = paceOf(this);
	const signal = this.getExecutionCancelSignal?.();
	const throttle = new RequestThrottle(pace, signal);

	const prepared: Array<{ request: ChertRequest; delivery: DeliverySettings } | Error | undefined> = new Array(
		items.length,
	);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { idempotencyKeyScope, ...delivery } = settingsOf(this, itemIndex);
			const request = await operation.prepare.call(this, itemIndex);
			prepared[itemIndex] = {
				request: withIdempotencyKey.call(this, request, itemIndex, idempotencyKeyScope),
				delivery: { ...delivery, throttle },
			};
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw nodeError;
			prepared[itemIndex] = nodeError;
		}
	}

	const send = operation.execute ?? sendWithUploads;
	const results: INodeExecutionData[][] = new Array(items.length);
	await runPool(
		items.length,
		pace.maxConcurrency,
		async (itemIndex) => {
			const item = prepared[itemIndex];
			// Sent once: from here on only its output is kept.
			prepared[itemIndex] = undefined;
			try {
				if (item === undefined || item instanceof Error) throw item;
				const response = await send.call(this, item.request, itemIndex, item.delivery);
				const idempotencyKey = idempotencyKeyOf(item.request);
				const outputs = [operation.toOutput(response)].flat();
				const json = idempotencyKey ? outputs.map((output) => ({ ...output, idempotencyKey })) : outputs;
				results[itemIndex] = paired(this, json, itemIndex);
			} catch (error) {
				const nodeError = asNodeError(this.getNode(), error, itemIndex);
				if (!continueOnFail) throw nodeError;
				results[itemIndex] = paired(this, errorJson(nodeError), itemIndex);
			}
		},
		signal,
	);
	return [results.flat()];
}

/** How fast the node sends: node-level settings, read from the first item's Options. */
function paceOf(context: IExecuteFunctions) {
	const options = context.getNodeParameter('options', 0, {}) as {
		maxConcurrency?: number;
		maxPerSecond?: number;
	};
	return {
		maxConcurrency: Math.max(1, Math.floor(options.maxConcurrency ?? DEFAULT_PACE.maxConcurrency)),
		maxPerSecond: Math.max(0, options.maxPerSecond ?? DEFAULT_PACE.maxPerSecond),
	};
}

/** The per-item Options every operation shares (absent ones take their defaults). */
function settingsOf(context: IExecuteFunctions, itemIndex: number) {
	const options = context.getNodeParameter('options', itemIndex, {}) as {
		idempotencyKeyScope?: IdempotencyKeyScope;
		maxAttempts?: number;
		timeout?: number;
	};
	return {
		idempotencyKeyScope: options.idempotencyKeyScope ?? 'execution',
		maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_DELIVERY.maxAttempts)),
		timeoutMs: Math.max(1, options.timeout ?? DEFAULT_DELIVERY.timeoutMs),
	};
}

function paired(context: IExecuteFunctions, json: IDataObject | IDataObject[], itemIndex: number) {
	return context.helpers.constructExecutionMetaData(context.helpers.returnJsonArray(json), {
		itemData: { item: itemIndex },
	});
}

/** The error item Continue On Fail passes on: what went wrong, and Chert's details if any. */
function errorJson(error: NodeError): IDataObject {
	const chert = error.context.chert as JsonObject | undefined;
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...(chert
			? {
					code: chert.code,
					httpStatus: chert.httpStatus,
					traceId: chert.traceId,
					retryable: chert.retryable,
					attempts: chert.attempts,
				}
			: {}),
	};
}
