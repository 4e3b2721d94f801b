import type { INodeProperties } from 'n8n-workflow';

// Defaults are literals for n8n's linter; a unit test holds them equal to DEFAULT_DELIVERY and
// DEFAULT_PACE.
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

// Node-level settings: the router reads them from the first item only.
const maxConcurrencyOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	default: 1,
	typeOptions: { minValue: 1, maxValue: 100 },
	description:
		'How many items the node sends at the same time. 1 sends them one after another. More is faster for many items (requests are spread evenly over the time Chert takes to answer, never sent in bursts), but items may then reach Chert in another order (outputs stay in input order): keep 1 when several items text the same chat in an order that matters. Read from the first item.',
};

const maxPerSecondOption: INodeProperties = {
	displayName: 'Max Messages per Second',
	name: 'maxPerSecond',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 2 },
	description:
		'The most requests the node sends to Chert per second, retries included, evenly spaced; 0 for no limit. A message with a file to upload takes more than one request. Read from the first item.',
};

function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, maxConcurrencyOption, maxPerSecondOption].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}

/** The Options collection of an operation that texts someone: idempotency, delivery and pace. */
export function sendOptions(...options: INodeProperties[]): INodeProperties {
	return optionsCollection([
		...options,
		idempotencyKeyOption,
		idempotencyKeyScopeOption,
		maxAttemptsOption,
		timeoutOption,
	]);
}

/** The Options collection of an operation that texts nobody: delivery and pace. */
export function requestOptions(...options: INodeProperties[]): INodeProperties {
	return optionsCollection([...options, maxAttemptsOption, timeoutOption]);
}

/** The Options collection of a request Chert documents as not idempotent (a reaction): one attempt, so no Max Attempts; pace. */
export function singleAttemptOptions(...options: INodeProperties[]): INodeProperties {
	return optionsCollection([...options, timeoutOption]);
}
