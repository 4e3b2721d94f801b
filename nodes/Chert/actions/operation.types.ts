import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChertRequest } from '../transport/request.types';

/**
 * One operation of the node. The router calls `prepare` for every item before anything is
 * sent (so bad input fails with nothing sent), then sends each request and shapes the answer
 * with `toOutput`.
 */
export interface ChertOperation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest;
	toOutput(response: Record<string, unknown>): IDataObject;
}
