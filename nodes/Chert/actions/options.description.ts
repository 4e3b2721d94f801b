import type { INodeProperties } from 'n8n-workflow';

export const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description:
		'A key that makes a retry safe: Chert answers a repeated request with the same key and the same content with the first answer instead of sending again',
};

/** The Options collection of a sending operation: the idempotency key, then its own options. */
export function sendOptions(...options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [idempotencyKeyOption, ...options],
	};
}
