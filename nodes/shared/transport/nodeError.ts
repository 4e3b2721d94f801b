import { NodeError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * Every error leaving the node is one of n8n's node errors, so the UI shows it with the item
 * it belongs to; an unexpected one (a bug) is wrapped rather than passed on raw.
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number | undefined): NodeError {
	if (error instanceof NodeError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
