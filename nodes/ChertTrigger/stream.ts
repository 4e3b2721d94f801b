import {
	NodeApiError,
	type IDataObject,
	type INode,
	type ITriggerFunctions,
	type ITriggerResponse,
	type JsonObject,
	type NodeError,
} from 'n8n-workflow';

import { eventTypeOf } from '../shared/delivery/envelope';
import { InMemoryDeliveryLedger } from '../shared/delivery/ledger';
import { deliveryLedgerOf } from '../shared/delivery/shared-ledger';
import { asNodeError } from '../shared/transport/nodeError';
import { laterOf } from '../shared/eventStream/eventRecord';
import { eventStreamSourceOf } from '../shared/eventStream/source';
import { EventStreamSubscriber, retryDelayFor, type EventStreamSource } from '../shared/eventStream/subscriber';

import { isWanted, subscribedEvents } from './events';
import { outputItem } from './output';

/** Where the trigger resumes after a restart: the time Chert logged the last event it handled. */
interface StreamState extends IDataObject {
	streamCursor?: string;
}

/** The stream's events in the ledger (webhook deliveries are kept per subscription id). */
const LEDGER_SCOPE = 'event-stream';

/**
 * Event Stream mode: Chert's event stream, held open for as long as the workflow is active,
 * one execution per event.
 *
 * Active: resumes after the last event handled (kept in the node's static data, which n8n
 * saves on activation and with each execution started), so events logged while n8n was
 * stopped or the workflow inactive are caught up first, within the subscriber's bound. On
 * the very first activation it starts from now. Each event_id runs once, in n8n's shared
 * deduplication store as webhook deliveries do.
 *
 * Listening for a test event: the first event logged after the click, then the stream closes.
 *
 * A credential Chert refuses fails the activation (or the test) at once, with Chert's error;
 * refused later (a rotated secret), the trigger reports it to n8n, which deactivates it.
 */
export async function streamTrigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const events = subscribedEvents.call(this);
	const manual = this.getMode() === 'manual';
	// A test run keeps no resume point: it is not the active workflow's.
	const state = (manual ? {} : this.getWorkflowStaticData('node')) as StreamState;
	const now = new Date().toISOString();
	const freshStart = manual || !isTime(state.streamCursor);
	if (!manual && freshStart) state.streamCursor = now;
	const startAt = manual ? now : (state.streamCursor as string);

	const source = eventStreamSourceOf(this);
	await checkCredential(source, startAt, this.getNode());
	// What every log line of this trigger says it is about.
	const where = { node: this.getNode().name, workflowId: this.getWorkflow().id };

	const subscriber: EventStreamSubscriber = new EventStreamSubscriber({
		source,
		node: this.getNode(),
		// A test run's events are not the active workflow's: they must not count as taken there.
		ledger: manual ? new InMemoryDeliveryLedger() : deliveryLedgerOf.call(this),
		ledgerScope: LEDGER_SCOPE,
		startAt,
		freshStart,
		onEvent: async (envelope, at) => {
			// An event whose item cannot be made (Download Media failed) throws here, before the
			// resume point passes it.
			const item = isWanted(events, eventTypeOf(envelope)) ? await outputItem.call(this, envelope) : undefined;
			// Before emit: n8n saves the static data when an execution is started.
			if (!manual) state.streamCursor = laterOf(state.streamCursor, at) ?? state.streamCursor;
			if (item === undefined) return;
			this.emit([[item]]);
			if (manual) void subscriber.close();
		},
		onFatal: (error) => this.emitError(credentialRefused(this.getNode(), error) ?? error),
		onRetry: (error, retryInMs) =>
			this.logger.warn(
				`Chert Trigger: the event stream failed (${error.message}); connecting again in ${Math.round(retryInMs / 1000)} s`,
				where,
			),
		onEventError: (error, envelope) =>
			this.logger.error(`Chert Trigger: an event could not be handed to the workflow: ${error.message}`, {
				...where,
				eventId: envelope.event_id,
			}),
		onSkipped: (reason) => this.logger.warn(`Chert Trigger: ${reason}`, where),
	});
	void subscriber.start();
	return { closeFunction: async () => await subscriber.close() };
}

/** How long activation waits for Chert's answer to the credential check before streaming anyway. */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * One small request before the stream starts, so that a credential Chert refuses fails here,
 * where n8n shows it (the activation, or the test), instead of inside a stream that n8n
 * would restart. Anything Chert may answer differently next time (unreachable, 5xx, 429, no
 * answer in time) is left to the subscriber, which keeps trying.
 */
async function checkCredential(source: EventStreamSource, since: string, node: INode): Promise<void> {
	const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
	try {
		await source.listPage({ since, limit: 1 }, signal);
	} catch (error) {
		if (!signal.aborted && retryDelayFor(error, 1) === undefined) {
			throw credentialRefused(node, error) ?? asNodeError(node, error, undefined);
		}
	}
}

/**
 * Chert's 401 or 403, said in the message itself: n8n shows a failed activation by its
 * message alone (1.x in the activation's answer, 2.x in the publication status), without
 * the description where the transport's hint ("check the signing secret in the Chert API
 * credential") is, so "Invalid bearer token (Chert error 2004)" would be all the user sees.
 */
function credentialRefused(node: INode, error: unknown): NodeError | undefined {
	if (!(error instanceof NodeApiError) || !['401', '403'].includes(String(error.httpCode ?? ''))) return undefined;
	const name = node.credentials?.chertApi?.name;
	const refused = new NodeApiError(node, { message: error.message } as JsonObject, {
		message: `Chert refused the Chert API credential${name ? ` “${name}”` : ''} (${error.httpCode}): ${error.message}`,
		description: error.description ?? undefined,
		httpCode: String(error.httpCode),
	});
	// Chert's code, message and trace id stay with the error (see transport/errors.ts).
	Object.assign(refused.context, error.context);
	return refused;
}

function isTime(value: unknown): value is string {
	return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}
