import { NodeOperationError, type INodeExecutionData, type ITriggerFunctions, type ITriggerResponse } from 'n8n-workflow';

import { eventTypeOf } from '../shared/delivery/envelope';
import { catchUp } from '../shared/eventStream/catchUp';
import { eventStreamSourceOf } from '../shared/eventStream/source';

import { DELIVERY_MODE, type DeliveryMode } from './description';
import { isWanted, subscribedEvents } from './events';
import { outputItem } from './output';
import { streamTrigger } from './stream';
import { takeTestDelivery } from './testDelivery';

/** How far back a test run on a worker looks for the delivery it was started by. */
const TEST_DELIVERY_WINDOW_MS = 10 * 60 * 1000;

export function deliveryModeOf(context: ITriggerFunctions): DeliveryMode {
	return context.getNodeParameter('deliveryMode', DELIVERY_MODE.webhook) as DeliveryMode;
}

/**
 * n8n calls `trigger()` on activation and for a test run, whichever mode the node is in (the
 * node has both `webhook()` and `trigger()`). Event Stream: the stream. Webhook: the webhook
 * does the work, and `trigger()` only hands a test run the delivery that started it.
 */
export async function startTrigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	if (deliveryModeOf(this) === DELIVERY_MODE.eventStream) return await streamTrigger.call(this);
	// An object, even with nothing to close: n8n 2.41 republishes a workflow whose trigger returned nothing.
	if (this.getMode() !== 'manual') return { closeFunction: async () => {} };
	const item = takeTestDelivery(this) ?? (await latestLoggedDelivery.call(this));
	return { manualTriggerFunction: async () => this.emit([[item]]) };
}

/**
 * The test delivery, when this test run is not in the process that received it (queue mode
 * with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS): the newest event of the chosen kinds in Chert's
 * events log, as it was delivered a moment ago.
 */
async function latestLoggedDelivery(this: ITriggerFunctions): Promise<INodeExecutionData> {
	const events = subscribedEvents.call(this);
	const now = Date.now();
	const source = eventStreamSourceOf(this);
	const { events: logged } = await catchUp(
		source.listPage,
		new Date(now - TEST_DELIVERY_WINDOW_MS).toISOString(),
		now,
		{ maxAgeMs: TEST_DELIVERY_WINDOW_MS, maxEvents: 1000 },
		new AbortController().signal,
	);
	const newest = logged.filter((event) => isWanted(events, eventTypeOf(event.envelope))).pop();
	if (newest === undefined) {
		throw new NodeOperationError(this.getNode(), 'The test delivery did not reach this test run', {
			description:
				'This test run ran in another n8n process than the one that received the delivery, and Chert’s events log has no such event from the last 10 minutes. Listen for a test event again, or switch Receive Events Via to Event Stream to test.',
		});
	}
	return await outputItem.call(this, newest.envelope);
}
