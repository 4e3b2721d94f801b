import {
	NodeError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { asNodeError } from '../helpers/errors';
import { idempotencyKeyOf, withIdempotencyKey, type IdempotencyKeyScope } from '../helpers/idempotency';
import { sendWithUploads } from '../helpers/uploads';
import { DEFAULT_DELIVERY } from '../transport/chert.api';
import type { ChertRequest } from '../transport/request.types';
import * as attachment from './attachment';
import * as chat from './chat';
import * as location from './location';
import * as message from './message';
import * as phoneNumber from './phoneNumber';
import type { ChertNodeMap, ChertResource } from './node.type';
import type { ChertOperation } from './operation.types';

const resources: { [R in ChertResource]: Record<ChertNodeMap[R], ChertOperation> } = {
	attachment: attachment.operations,
	chat: chat.operations,
	location: location.operations,
	message: message.operations,
	phoneNumber: phoneNumber.operations,
};

/**
 * The item loop for every operation. All items are validated first, so bad input fails the
 * node before anything is sent; then each request goes out, and every input item gets its
 * output item or (with Continue On Fail) its error item, paired to it.
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

	const prepared: Array<ChertRequest | Error> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { idempotencyKeyScope } = settingsOf(this, itemIndex);
			const request = await operation.prepare.call(this, itemIndex);
			prepared.push(withIdempotencyKey.call(this, request, itemIndex, idempotencyKeyScope));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			prepared.push(nodeError);
		}
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const request = prepared[itemIndex];
		try {
			if (request instanceof Error) throw request;
			const send = operation.execute ?? sendWithUploads;
			const response = await send.call(this, request, itemIndex, settingsOf(this, itemIndex));
			const idempotencyKey = idempotencyKeyOf(request);
			const outputs = [operation.toOutput(response)].flat();
			const json = idempotencyKey ? outputs.map((output) => ({ ...output, idempotencyKey })) : outputs;
			returnData.push(...paired(this, json, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			returnData.push(...paired(this, errorJson(nodeError), itemIndex));
		}
	}
	return [returnData];
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
