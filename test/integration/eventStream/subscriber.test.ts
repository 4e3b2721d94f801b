/**
 * The event stream client end to end: EventStreamSubscriber over the real transport
 * (n8n-core's TriggerContext, httpRequestWithAuthentication with the Chert credential,
 * axios streaming) against a server speaking Chert's documented stream protocol.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { ChertApi } from '../../../credentials/ChertApi.credentials';
import { ChertTrigger } from '../../../nodes/ChertTrigger/ChertTrigger.node';
import { InMemoryDeliveryLedger } from '../../../nodes/shared/delivery/ledger';
import {
	EventStreamSubscriber,
	type EventStreamSubscriberOptions,
} from '../../../nodes/shared/eventStream/subscriber';
import { eventStreamSourceOf } from '../../../nodes/shared/eventStream/source';
import { until } from '../../helpers/fake-event-source';
import { SseTestServer } from '../../helpers/sse-test-server';
import { triggerContext } from '../../helpers/trigger-context';

const SECRET = '0123456789abcdef0123456789abcdef';

const NODE: INode = {
	id: 'stream-node',
	name: 'Chert Trigger',
	type: 'n8n-nodes-chert.chertTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

let server: SseTestServer;
let subscriber: EventStreamSubscriber | undefined;

afterEach(async () => {
	await subscriber?.close();
	subscriber = undefined;
	await server.close();
});

async function subscribe(
	serverOptions: { heartbeatMs?: number; lifetimeMs?: number } = {},
	credential: Partial<ICredentialDataDecryptedObject> = {},
	options: Partial<EventStreamSubscriberOptions> = {},
) {
	server = await SseTestServer.start({ secret: SECRET, heartbeatMs: 100, lifetimeMs: 5000, ...serverOptions });
	const context = triggerContext({
		node: NODE,
		nodeTypes: [new ChertTrigger()],
		credentialTypes: [new ChertApi()],
		credentials: { chertApi: { signingSecret: SECRET, baseUrl: server.url, ...credential } },
	});
	const received: IDataObject[] = [];
	const fatal: Error[] = [];
	const retries: Array<{ error: Error; wait: number }> = [];
	subscriber = new EventStreamSubscriber({
		source: eventStreamSourceOf(context),
		node: NODE,
		ledger: new InMemoryDeliveryLedger(),
		ledgerScope: NODE.id,
		startAt: server.now,
		onEvent: (envelope) => {
			received.push(envelope);
		},
		onFatal: (error) => fatal.push(error),
		onRetry: (error, wait) => retries.push({ error, wait }),
		silenceLimitMs: 1000,
		...options,
	});
	const done = subscriber.start();
	const ids = () => received.map((envelope) => envelope.event_id);
	return { received, ids, fatal, retries, done };
}

describe('EventStreamSubscriber against a Chert event stream', () => {
	it('hands over the events the stream sends (Bearer)', async () => {
		const { ids, received } = await subscribe();
		await until(() => server.openStreams === 1);
		server.publish('e1', 'Hello');
		server.publish('e2');
		await until(() => ids().length === 2);
		expect(ids()).toEqual(['e1', 'e2']);
		expect(received[0]).toEqual(server.log[0].envelope);
		expect(server.streamRequests[0]).toMatchObject({ authorized: true, status: 200 });
	});

	it('signs the stream request with HMAC when the credential says so', async () => {
		const { ids } = await subscribe({}, { authentication: 'hmac', tenant: 'acme' });
		await until(() => server.openStreams === 1);
		server.publish('e1');
		await until(() => ids().length === 1);
		expect(server.streamRequests[0].authorized).toBe(true);
	});

	it('loses and doubles nothing across planned closes and drops', async () => {
		const { ids } = await subscribe({ lifetimeMs: 150 });
		server.script({ dropAfterEvents: 2 }, { dropAfterEvents: 1 });
		await until(() => server.streamRequests.length >= 1);
		const expected: string[] = [];
		for (let i = 1; i <= 12; i++) {
			expected.push(server.publish(`e${i}`).envelope.event_id as string);
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
		await until(() => ids().length >= 12);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(ids()).toEqual(expected);
		// Both drops happened and several planned closes: each reopened stream resumed.
		expect(server.streamRequests.length).toBeGreaterThanOrEqual(4);
		expect(server.streamRequests.filter((request) => request.since === null)).toEqual([]);
	});

	it('replaces a silent connection', async () => {
		const { ids } = await subscribe({}, {}, { silenceLimitMs: 400 });
		server.script({ silent: true });
		await until(() => server.streamRequests.length === 1);
		const silentSince = Date.now();
		// Logged while the silent stream sends nothing: the gap is filled from GET /events.
		server.publish('e1');
		await until(() => server.streamRequests.length === 2, 5000);
		expect(server.streamRequests[1].at - silentSince).toBeGreaterThanOrEqual(350);
		expect(ids()).toEqual(['e1']);
		// The silent one was given up: only the replacement is open, and it streams.
		await until(() => server.openStreams === 1);
		server.publish('e2');
		await until(() => ids().length === 2);
		expect(ids()).toEqual(['e1', 'e2']);
	});

	it('stops on a wrong secret with Chert’s error, and asks no more', async () => {
		const { fatal, done } = await subscribe({}, { signingSecret: 'ffffffffffffffffffffffffffffffff' });
		await done;
		expect(fatal).toHaveLength(1);
		// The first request refused is the catch-up's, GET /events.
		expect(fatal[0].message).toBe('Authentication failed (Chert error 2004)');
		expect((fatal[0] as { description?: string }).description).toContain('signing secret');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(server.listRequests.length + server.streamRequests.length).toBe(1);
	});

	it('stops when the stream itself answers 401, reading its error body', async () => {
		const { fatal, done } = await subscribe();
		server.script({ answer: 401, body: { success: false, error: { status: 401, code: 2013, message: 'Signature timestamp outside window' } } });
		await done;
		expect(fatal[0].message).toBe('Signature timestamp outside window (Chert error 2013)');
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(server.streamRequests).toHaveLength(1);
	});

	it('waits retry_after on 429, from the body or the Retry-After header', async () => {
		const { ids, retries } = await subscribe();
		server.script(
			{ answer: 429, body: { error: { status: 429, code: 1007, message: 'Rate limited', retry_after: 1, retryable: true } } },
			{ answer: 429, body: 'slow down', headers: { 'retry-after': '1' } },
		);
		await until(() => server.openStreams === 1, 8000);
		const [first, second, third] = server.streamRequests;
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
		expect(third.at - second.at).toBeGreaterThanOrEqual(950);
		expect(retries.map((retry) => retry.wait)).toEqual([1000, 1000]);
		server.publish('e1');
		await until(() => ids().length === 1);
	});

	it('backs off on server errors and recovers', async () => {
		const { ids, retries } = await subscribe({}, {}, { random: () => 0 });
		server.script(
			{ answer: 500, body: { error: { status: 500, code: 3001, message: 'Internal' } } },
			{ answer: 503, body: { error: { status: 503, code: 3003, message: 'Unavailable', retryable: true } } },
		);
		server.publish('e0');
		await until(() => server.openStreams === 1, 8000);
		const [first, second, third] = server.streamRequests;
		expect(retries.map((retry) => retry.wait)).toEqual([500, 1000]);
		expect(second.at - first.at).toBeGreaterThanOrEqual(450);
		expect(third.at - second.at).toBeGreaterThanOrEqual(950);
		server.publish('e1');
		await until(() => ids().length === 2);
		expect(ids()).toEqual(['e0', 'e1']);
	});

	it('close() leaves no connection open and makes no further request', async () => {
		const { done } = await subscribe();
		await until(() => server.openStreams === 1);
		await subscriber?.close();
		await done;
		await until(() => server.openStreams === 0, 2000);
		const requests = server.streamRequests.length + server.listRequests.length;
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(server.streamRequests.length + server.listRequests.length).toBe(requests);
	});
});
