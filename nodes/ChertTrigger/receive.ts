import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { asNodeError } from '../shared/transport/nodeError';
import { eventTypeOf, isObject } from '../shared/delivery/envelope';
import { isWanted, subscribedEvents } from './events';
import { deliveryLedgerOf } from '../shared/delivery/shared-ledger';
import { signatureHeaderOf, verifySignature } from '../shared/delivery/signature';
import { outputItem } from './output';
import { subscriptionState } from './subscription';
import { keepTestDelivery } from './testDelivery';

/** What the trigger reads of n8n's request: the bytes exactly as received. */
interface DeliveryRequest {
	rawBody?: unknown;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * One delivery from Chert. Nothing runs unless it is signed by this node's subscription
 * (checked over the raw bytes, before anything is parsed): otherwise 401. A delivery
 * already taken (Chert retries after a 5xx or no answer), by this or any other n8n process,
 * gets 200 and starts nothing, as does a signed event the node does not listen to.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const state = subscriptionState.call(this);
	const headers = this.getHeaderData() as Headers;
	const { rawBody } = this.getRequestObject() as unknown as DeliveryRequest;

	const check = verifySignature({ header: signatureHeaderOf(headers), rawBody, secret: state.secret });
	// A signed delivery that arrives between Chert creating the subscription and n8n saving
	// its secret (n8n 2.41 activates in the background): 5xx, so that Chert retries it. A 401
	// is final at Chert, and the event would be lost.
	if (!check.valid && check.problem === 'no subscription secret') {
		return refuse.call(this, 503, 'The Chert Trigger is still being activated', check.problem);
	}
	if (!check.valid) return refuse.call(this, 401, 'Invalid or missing Chert signature', check.problem);

	let envelope: unknown;
	try {
		envelope = JSON.parse((rawBody as Buffer).toString('utf8'));
	} catch {
		envelope = undefined;
	}
	if (!isObject(envelope)) return refuse.call(this, 400, 'The body is not a JSON object', 'body is not JSON');

	const eventType = eventTypeOf(envelope) ?? headerOf(headers, 'x-webhook-event');
	if (!isWanted(subscribedEvents.call(this), eventType)) {
		return { webhookResponse: { received: true, started: false, reason: 'event not selected' } };
	}

	const eventId = typeof envelope.event_id === 'string' ? envelope.event_id : headerOf(headers, 'x-webhook-event-id');
	const subscriptionId = state.subscriptionId ?? '';
	const ledger = deliveryLedgerOf.call(this);
	if (eventId && !(await ledger.claim(subscriptionId, eventId))) {
		return { webhookResponse: { received: true, started: false, reason: 'duplicate event_id' } };
	}
	try {
		const item = await outputItem.call(this, envelope);
		if (this.getMode() === 'manual') keepTestDelivery(this, item);
		return { workflowData: [[item]] };
	} catch (error) {
		// Not handed to the workflow: n8n answers 5xx, and Chert's retry must be taken.
		if (eventId) await ledger.release(subscriptionId, eventId);
		throw asNodeError(this.getNode(), error, undefined);
	}
}

/** Answers the delivery here and starts nothing; the log says why (never with a secret). */
function refuse(this: IWebhookFunctions, status: number, message: string, problem: string): IWebhookResponseData {
	this.logger.warn(`Chert Trigger refused a delivery (${status}): ${problem}`, {
		node: this.getNode().name,
		workflowId: this.getWorkflow().id,
	});
	const response = this.getResponseObject();
	response.status(status).json({ error: message });
	return { noWebhookResponse: true };
}

function headerOf(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' && first !== '' ? first : undefined;
}
