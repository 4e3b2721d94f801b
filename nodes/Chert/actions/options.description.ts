import type { INodeProperties } from 'n8n-workflow';

// Defaults are literals for n8n's linter; a unit test holds them equal to DEFAULT_DELIVERY.
const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description:
		'Your own key for this send. Chert answers a repeated request with the same key and the same content with the first answer instead of sending again. Leave empty for an automatic key (see Idempotency Key Scope).',
};

const idempotencyKeyScopeOption: INodeProperties = {
	displayName: 'Idempotency Key Scope',
	name: 'idempotencyKeyScope',
	type: 'options',
	default: 'execution',
	description: 'What the automatic key identifies, when no Idempotency Key is given',
	options: [
		{
			name: 'This Execution',
			value: 'execution',
			description:
				'Each item of each execution is sent once, however often the node or n8n retries it, also when a failed execution is retried from the executions list. A new run of the workflow sends again.',
		},
		{
			name: 'Message Content',
			value: 'content',
			description:
				'The same message from this node to the same chat or recipients is sent once, in any execution: safe when re-running a batch, but a deliberate repeat is not sent',
		},
	],
};

const maxAttemptsOption: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	default: 3,
	typeOptions: { minValue: 1, maxValue: 10 },
	description:
		'How many times to try a request in all when Chert is busy, rate limits, fails temporarily or does not answer. Sends are repeated with the same idempotency key, so a customer is never texted twice.',
};

const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	default: 30000,
	typeOptions: { minValue: 1000 },
	description: 'How long to wait for Chert to answer one attempt, in milliseconds',
};

function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The Options collection of an operation that texts someone: idempotency and delivery. */
export function sendOptions(...options: INodeProperties[]): INodeProperties {
	return optionsCollection([
		...options,
		idempotencyKeyOption,
		idempotencyKeyScopeOption,
		maxAttemptsOption,
		timeoutOption,
	]);
}

/** The Options collection of an operation that texts nobody: delivery only. */
export function requestOptions(...options: INodeProperties[]): INodeProperties {
	return optionsCollection([...options, maxAttemptsOption, timeoutOption]);
}

/** The Options collection of a request Chert documents as not idempotent (a reaction): one attempt, so no Max Attempts. */
export function singleAttemptOptions(...options: INodeProperties[]): INodeProperties {
	return optionsCollection([...options, timeoutOption]);
}
