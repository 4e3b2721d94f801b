import type { ChertOperation } from './operation.types';

/** Every resource with its operations: a missing operation module is a compile error. */
export type ChertNodeMap = {
	chat: 'create';
	message: 'send';
};

export type ChertResource = keyof ChertNodeMap;

export type OperationsOf<R extends ChertResource> = Record<ChertNodeMap[R], ChertOperation>;
