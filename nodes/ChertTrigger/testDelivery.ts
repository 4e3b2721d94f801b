import type { INodeExecutionData, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

/** How long a test delivery waits for its run to pick it up. */
const KEPT_FOR_MS = 5 * 60 * 1000;

interface KeptDelivery {
	item: INodeExecutionData;
	until: number;
}

/**
 * "Listen for test event" in Webhook mode, in one process. n8n starts a test delivery's run
 * in manual mode, and in manual mode it runs a node that has `trigger()` through `trigger()`
 * rather than handing it the delivery `webhook()` returned: so `webhook()` keeps the item here
 * (after checking the signature), and the run's `trigger()` takes it, at once, in the same
 * process (n8n runs test runs in the main process, the one that received the delivery,
 * unless OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS is set).
 */
const kept = new Map<string, KeptDelivery>();

function keyOf(context: IWebhookFunctions | ITriggerFunctions): string {
	return `${context.getWorkflow().id ?? ''}\n${context.getNode().id}`;
}

export function keepTestDelivery(context: IWebhookFunctions, item: INodeExecutionData): void {
	const now = Date.now();
	for (const [key, entry] of kept) if (entry.until < now) kept.delete(key);
	kept.set(keyOf(context), { item, until: now + KEPT_FOR_MS });
}

/** The delivery kept for this node's test run, taken (a second run does not get it again). */
export function takeTestDelivery(context: ITriggerFunctions): INodeExecutionData | undefined {
	const key = keyOf(context);
	const entry = kept.get(key);
	kept.delete(key);
	return entry !== undefined && entry.until >= Date.now() ? entry.item : undefined;
}
