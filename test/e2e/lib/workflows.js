// @ts-check
'use strict';

/**
 * Workflows as a user saves them in n8n, built for the end-to-end suite and the demo.
 * Node types are the real installed names: `n8n-nodes-chert.chert`.
 */
const { createHash } = require('node:crypto');

const CHERT = 'n8n-nodes-chert.chert';
const CHERT_TRIGGER = 'n8n-nodes-chert.chertTrigger';
const CREDENTIAL_ID = 'chertSandboxCred';
const CREDENTIAL_NAME = 'Chert sandbox';

/** @param {string} baseUrl @param {string} signingSecret @param {string} [id] @param {string} [name] */
function chertCredential(baseUrl, signingSecret, id = CREDENTIAL_ID, name = CREDENTIAL_NAME) {
	return { id, name, type: 'chertApi', data: { signingSecret, baseUrl } };
}

/**
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {[number, number]} position
 * @param {Record<string, unknown>} [extra]
 */
function chertNode(name, parameters, position, extra = {}) {
	return {
		id: `node-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: CHERT,
		typeVersion: 1,
		position,
		parameters,
		credentials: { chertApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
		...extra,
	};
}

/**
 * A Chert Trigger, with the webhookId the editor gives every webhook node (its production URL
 * is `/webhook/<webhookId>/webhook`).
 * @param {Record<string, unknown>} parameters
 * @param {string} webhookId
 * @param {[number, number]} [position]
 */
function chertTriggerNode(parameters, webhookId, position = [0, 0]) {
	return chertNode('Chert Trigger', parameters, position, { type: CHERT_TRIGGER, webhookId });
}

/** @param {string} name @param {string} type @param {number} typeVersion @param {[number, number]} position @param {Record<string, unknown>} [parameters] */
function node(name, type, typeVersion, position, parameters = {}) {
	return { id: `node-${name.toLowerCase().replace(/\W+/g, '-')}`, name, type, typeVersion, position, parameters };
}

/** @param {string[]} names */
function line(...names) {
	/** @type {Record<string, unknown>} */
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/**
 * A saved workflow: the first node starts it, the rest follow in a line.
 * @param {string} id 16 characters, as n8n's ids
 * @param {string} name
 * @param {Array<Record<string, any>>} nodes
 */
function workflow(id, name, nodes) {
	return {
		id,
		name,
		active: false,
		nodes,
		connections: line(...nodes.map((n) => n.name)),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * A Webhook trigger at `/webhook/<path>`. n8n serves a webhook at its bare path only when
 * the node has a webhookId (as the editor gives every webhook node).
 * @param {string} path @param {[number, number]} position @param {Record<string, unknown>} [parameters]
 */
function webhookNode(path, position = [0, 0], parameters = {}) {
	return {
		...node('Webhook', 'n8n-nodes-base.webhook', 2, position, { httpMethod: 'POST', path, responseMode: 'lastNode', options: {}, ...parameters }),
		// Derived from the whole path: distinct paths never share an id.
		webhookId: `00000000-0000-4000-8000-${createHash('sha256').update(path).digest('hex').slice(0, 12)}`,
	};
}

const manualTrigger = () => node('When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', 1, [0, 0]);

/**
 * A Code node that emits the given items (how a user feeds several rows into one node).
 * @param {Array<Record<string, unknown>>} items
 */
function itemsNode(items, name = 'Customers') {
	return node(name, 'n8n-nodes-base.code', 2, [220, 0], {
		jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};`,
	});
}

/** @param {...string} texts */
const textParts = (...texts) => ({ part: texts.map((text) => ({ type: 'text', text })) });

module.exports = {
	CHERT,
	CHERT_TRIGGER,
	chertTriggerNode,
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
	chertCredential,
	chertNode,
	node,
	line,
	workflow,
	manualTrigger,
	webhookNode,
	itemsNode,
	textParts,
};
