import { NodeConnectionTypes, type NodeConnectionType } from 'n8n-workflow';

/** The oldest n8n this package runs on, as stated in the README and checked in a real n8n. */
export const OLDEST_N8N = '1.85';

/**
 * n8n's main connection. `NodeConnectionTypes` appeared in n8n 1.85; an older n8n would
 * otherwise fail to load the nodes with a bare TypeError, so it gets an error that says what
 * to do instead.
 */
export function mainConnection(): NodeConnectionType {
	if (NodeConnectionTypes?.Main === undefined) {
		throw new Error(
			`n8n-nodes-chert needs n8n ${OLDEST_N8N} or newer: this n8n is older (it lacks NodeConnectionTypes). Update n8n, or install an older n8n-nodes-chert.`,
		);
	}
	return NodeConnectionTypes.Main;
}
