import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChertRequest, DeliverySettings } from '../../shared/transport/request.types';

/**
 * One operation of the node. The router calls `prepare` for every item before anything is
 * sent (so bad input fails with nothing sent), then sends each request — through the
 * operation's own `execute` when it needs more than one call — and shapes the answer with
 * `toOutput` (an array gives one output item per element, all paired to the input item).
 */
export interface ChertOperation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest | Promise<ChertRequest>;
	execute?(
		this: IExecuteFunctions,
		request: ChertRequest,
		itemIndex: number,
		delivery: DeliverySettings,
	): Promise<Record<string, unknown>>;
	toOutput(response: Record<string, unknown>): IDataObject | IDataObject[];
}

/** An operation's own `execute`, for operations that do more than send their one request. */
export type ChertExecute = NonNullable<ChertOperation['execute']>;
