import {
	NodeApiError,
	NodeOperationError,
	type NodeError,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { asNodeError } from '../shared/transport/nodeError';
import { chertApiRequest } from '../shared/transport/chert.api';
import { sameEvents, subscribedEvents } from './events';

const ENDPOINT = '/webhook-subscriptions';

/**
 * What the trigger keeps in the workflow's static data (per node): the subscription it made
 * at Chert, and that subscription's signing secret — Chert shows the secret only once, in
 * its answer to the creation.
 */
export interface SubscriptionState extends IDataObject {
	subscriptionId?: string;
	secret?: string;
}

export function subscriptionState(this: IHookFunctions | IWebhookFunctions): SubscriptionState {
	return this.getWorkflowStaticData('node') as SubscriptionState;
}

function forget(state: SubscriptionState): void {
	delete state.subscriptionId;
	delete state.secret;
}

function webhookUrlOf(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n gave no webhook URL for the Chert Trigger');
	return url;
}

function subscriptionPath(id: string): string {
	return `${ENDPOINT}/${encodeURIComponent(id)}`;
}

export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

/**
 * True when the subscription this node made is still at Chert, active, for this webhook
 * URL and these events. A subscription Chert no longer has is forgotten. One for this URL
 * that no longer fits (inactive, other events, or its secret lost) is deleted, so one URL
 * never gets two subscriptions' deliveries. One for another URL is left alone: it may be
 * the production subscription while the editor listens for a test event.
 */
export async function subscriptionExists(this: IHookFunctions): Promise<boolean> {
	const state = subscriptionState.call(this);
	if (!state.subscriptionId) return false;
	const webhookUrl = webhookUrlOf.call(this);
	let answer: Record<string, unknown>;
	try {
		answer = await chertApiRequest.call(this, { method: 'GET', endpoint: subscriptionPath(state.subscriptionId) });
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(this.getNode(), error, undefined);
		forget(state);
		return false;
	}
	const subscription = (answer.subscription ?? answer) as IDataObject;
	if (subscription.url !== webhookUrl) return false;
	const fits =
		subscription.is_active === true &&
		Array.isArray(subscription.events) &&
		sameEvents(subscription.events, subscribedEvents.call(this)) &&
		typeof state.secret === 'string' &&
		state.secret !== '';
	if (fits) return true;
	await removeSubscription.call(this, state.subscriptionId);
	forget(state);
	return false;
}

/**
 * Subscribes this webhook URL to the chosen events and keeps the id and secret. Sent once:
 * Chert documents no idempotency for it, so a lost answer is not repeated into a second
 * subscription.
 */
export async function createSubscription(this: IHookFunctions): Promise<boolean> {
	const state = subscriptionState.call(this);
	const webhookUrl = webhookUrlOf.call(this);
	const events = subscribedEvents.call(this);
	let answer: Record<string, unknown>;
	try {
		answer = await chertApiRequest.call(this, {
			method: 'POST',
			endpoint: ENDPOINT,
			body: { url: webhookUrl, events },
			repeatable: false,
		});
	} catch (error) {
		throw httpsExplained(this, error, webhookUrl);
	}
	const subscription = (answer.subscription ?? answer) as IDataObject;
	if (typeof subscription.id !== 'string' || subscription.id === '') {
		throw new NodeApiError(this.getNode(), { message: 'no subscription id' } as JsonObject, {
			message: 'Chert did not return the webhook subscription’s id',
			description: 'Its answer to POST /webhook-subscriptions had no subscription.id.',
		});
	}
	if (typeof subscription.secret !== 'string' || subscription.secret === '') {
		// Deliveries could not be verified: take the subscription back rather than keep it.
		await removeSubscription.call(this, subscription.id);
		throw new NodeApiError(this.getNode(), { message: 'no subscription secret' } as JsonObject, {
			message: 'Chert did not return the webhook subscription’s signing secret',
			description:
				'Chert shows a subscription’s secret only in its answer to the creation, and the trigger needs it to verify deliveries. The subscription was deleted again; activate the workflow again to make a new one.',
		});
	}
	state.subscriptionId = subscription.id;
	state.secret = subscription.secret;
	return true;
}

/** Deletes the subscription this node made (one Chert no longer has counts as deleted). */
export async function deleteSubscription(this: IHookFunctions): Promise<boolean> {
	const state = subscriptionState.call(this);
	if (!state.subscriptionId) return true;
	try {
		await removeSubscription.call(this, state.subscriptionId);
	} catch (error) {
		// Kept in static data: the next activation finds it again and reuses or removes it.
		this.logger.warn(`Chert Trigger could not delete webhook subscription ${state.subscriptionId}`, {
			error: error instanceof Error ? error.message : String(error),
			node: this.getNode().name,
		});
		return false;
	}
	forget(state);
	return true;
}

async function removeSubscription(this: IHookFunctions, id: string): Promise<void> {
	try {
		await chertApiRequest.call(this, { method: 'DELETE', endpoint: subscriptionPath(id) });
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(this.getNode(), error, undefined);
	}
}

/**
 * Chert documents `url (https)`. When it refuses a plain-http webhook URL, the error says
 * why and what to change in n8n, keeping Chert's own message and trace id.
 */
function httpsExplained(context: IHookFunctions, error: unknown, webhookUrl: string): NodeError {
	const refused =
		error instanceof NodeApiError && ['400', '422'].includes(String(error.httpCode ?? ''));
	if (!refused || webhookUrl.startsWith('https://')) return asNodeError(context.getNode(), error, undefined);
	return new NodeApiError(context.getNode(), { message: error.message } as JsonObject, {
		message: `Chert requires an https webhook URL, and n8n’s is ${webhookUrl}`,
		description: [
			'Chert only delivers events to https addresses it can reach. Run n8n behind https and set the WEBHOOK_URL environment variable to its public address (e.g. WEBHOOK_URL=https://n8n.example.com/), then restart n8n and activate the workflow again.',
			`Chert said: ${error.message}.`,
			error.description ?? '',
		]
			.filter(Boolean)
			.join(' '),
		httpCode: String(error.httpCode),
	});
}
