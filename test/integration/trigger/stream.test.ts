/**
 * The Chert Trigger in Event Stream mode, in n8n-core's own TriggerContext (what n8n gives a
 * trigger on activation, or for "Listen for test event"), against the sandbox's
 * GET /events/stream: no webhook, no subscription, no public URL.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters, ITriggerResponse } from 'n8n-workflow';

import { ChertApi } from '../../../credentials/ChertApi.credentials';
import { ChertTrigger } from '../../../nodes/ChertTrigger/ChertTrigger.node';
import { triggerContext } from '../../helpers/trigger-context';
import { seedChat, useSandbox, type Sandbox } from '../chert-workflow';
import { triggerNode } from './trigger-workflow';

const sandboxOf = useSandbox({ streamHeartbeatMs: 100, streamLifetimeMs: 400 });

const STREAM: INodeParameters = { deliveryMode: 'eventStream', events: ['message.received'] };

interface Running {
	items: INodeExecutionData[];
	errors: Error[];
	response: ITriggerResponse;
	texts(): unknown[];
}

let running: Running[] = [];

afterEach(async () => {
	for (const trigger of running) await trigger.response.closeFunction?.();
	running = [];
});

/** Calls the node's trigger() as n8n does on activation (or for a test run), recording what it emits. */
async function startStream(
	sandbox: Sandbox,
	options: {
		parameters?: INodeParameters;
		staticData?: IDataObject;
		mode?: 'trigger' | 'manual';
		credential?: Partial<ICredentialDataDecryptedObject>;
	} = {},
): Promise<Running> {
	const items: INodeExecutionData[] = [];
	const errors: Error[] = [];
	const context = triggerContext({
		node: triggerNode({ ...STREAM, ...options.parameters }),
		nodeTypes: [new ChertTrigger()],
		credentialTypes: [new ChertApi()],
		credentials: {
			chertApi: { signingSecret: sandbox.signingSecret, baseUrl: sandbox.url, ...options.credential } as ICredentialDataDecryptedObject,
		},
		mode: options.mode,
		staticData: options.staticData,
		emit: (data) => items.push(...data[0]),
		emitError: (error) => errors.push(error),
	});
	const response = await new ChertTrigger().trigger.call(context);
	const trigger = { items, errors, response, texts: () => items.map((item) => item.json.text) };
	running.push(trigger);
	return trigger;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const streamRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((request) => request.path === '/api/v1/events/stream');
const eventsRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((request) => request.path.startsWith('/api/v1/events'));

describe('Event Stream mode', () => {
	it('starts one execution per inbound message, with the same output fields as a webhook delivery', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		const trigger = await startStream(sandbox);
		await until(() => sandbox.openStreams() === 1, 'the stream');
		const { message } = sandbox.addInboundMessage({ chatId, text: 'Is it shipped?', deliver: false });
		await until(() => trigger.items.length === 1, 'the event');
		expect(trigger.items[0].json).toMatchObject({
			event: 'message.received',
			chatId,
			messageId: message.id,
			from: '+14155550123',
			text: 'Is it shipped?',
			media: [],
		});
		// Nothing was subscribed: Chert never needed a URL of n8n's.
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(streamRequests(sandbox)[0].query).toHaveProperty('since');
	});

	it('emits only the chosen events, and moves past the others', async () => {
		const sandbox = sandboxOf();
		const { chatId, messageId } = await seedChat(sandbox);
		const staticData: IDataObject = {};
		const trigger = await startStream(sandbox, { staticData });
		await until(() => sandbox.openStreams() === 1, 'the stream');
		const { event: reaction } = sandbox.addEvent({ type: 'reaction.added', data: { chat_id: chatId, message_id: messageId, reaction: 'love' }, deliver: false });
		await until(() => JSON.stringify(staticData).includes(String(reaction.created_at ?? '')), 'the cursor to pass the reaction');
		sandbox.addInboundMessage({ chatId, text: 'after the tapback', deliver: false });
		await until(() => trigger.items.length === 1, 'the message');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(trigger.texts()).toEqual(['after the tapback']);
	});

	it('downloads the media of a streamed message into binary properties with Download Media', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		const photo = sandbox.addInboundAttachment({ filename: 'photo.png', content_type: 'image/png', bytes: 'png' });
		const trigger = await startStream(sandbox, { parameters: { options: { downloadMedia: true } } });
		await until(() => sandbox.openStreams() === 1, 'the stream');
		sandbox.addInboundMessage({ chatId, parts: [{ type: 'media', attachment_id: photo }], deliver: false });
		await until(() => trigger.items.length === 1, 'the event');
		const [item] = trigger.items;
		expect(item.binary?.attachment_0).toMatchObject({ fileName: 'photo.png', mimeType: 'image/png' });
		expect(Buffer.from(item.binary!.attachment_0.data, 'base64').toString()).toBe('png');
		expect(item.json.media).toEqual([expect.objectContaining({ attachment_id: photo, binaryProperty: 'attachment_0' })]);
	});

	it('an event whose media cannot be downloaded starts nothing and does not move the resume point past it', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		const photo = sandbox.addInboundAttachment({ filename: 'photo.png', content_type: 'image/png', bytes: 'png' });
		sandbox.injectError({ method: 'GET', path: `/api/v1/attachments/${photo}/content`, code: 3001, status: 500, times: 100 });
		const staticData: IDataObject = {};
		const trigger = await startStream(sandbox, { parameters: { options: { downloadMedia: true } }, staticData });
		await until(() => sandbox.openStreams() === 1, 'the stream');
		const started = JSON.stringify(staticData);
		const { event } = sandbox.addInboundMessage({ chatId, parts: [{ type: 'media', attachment_id: photo }], deliver: false });
		await until(() => sandbox.state.requests.filter((r) => r.path.endsWith('/content')).length >= 3, 'the download attempts', 15_000);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(trigger.items).toEqual([]);
		expect(JSON.stringify(staticData)).toBe(started);
		expect(JSON.stringify(staticData)).not.toContain(event.created_at);
	});

	it('loses and doubles nothing across the stream’s planned ends and dropped connections', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		const trigger = await startStream(sandbox);
		await until(() => sandbox.openStreams() === 1, 'the stream');
		const sent: string[] = [];
		for (let i = 1; i <= 20; i++) {
			sent.push(`message ${i}`);
			sandbox.addInboundMessage({ chatId, text: `message ${i}`, deliver: false });
			if (i % 6 === 0) sandbox.dropStreams();
			await new Promise((resolve) => setTimeout(resolve, 60));
		}
		await until(() => trigger.items.length >= 20, 'all 20 events', 15_000);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(trigger.texts()).toEqual(sent);
		// Several connections: the 400 ms lifetime and the three drops.
		expect(streamRequests(sandbox).length).toBeGreaterThanOrEqual(5);
		expect(trigger.errors).toEqual([]);
	});

	it('on the first activation starts from now: what happened before is not run', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		sandbox.addInboundMessage({ chatId, text: 'before activation', deliver: false });
		const staticData: IDataObject = {};
		const trigger = await startStream(sandbox, { staticData });
		await until(() => sandbox.openStreams() === 1, 'the stream');
		sandbox.addInboundMessage({ chatId, text: 'after activation', deliver: false });
		await until(() => trigger.items.length === 1, 'the event');
		expect(trigger.texts()).toEqual(['after activation']);
		expect(JSON.stringify(staticData)).toContain('streamCursor');
	});

	it('after a restart, runs once each event logged while it was stopped, and none it ran before', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		// n8n keeps the workflow's static data in its database across the restart.
		const staticData: IDataObject = {};
		const before = await startStream(sandbox, { staticData });
		await until(() => sandbox.openStreams() === 1, 'the stream');
		sandbox.addInboundMessage({ chatId, text: 'while running', deliver: false });
		await until(() => before.items.length === 1, 'the first event');
		await before.response.closeFunction?.();
		await until(() => sandbox.openStreams() === 0, 'the stream to close');

		for (const text of ['down 1', 'down 2', 'down 3']) sandbox.addInboundMessage({ chatId, text, deliver: false });
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const after = await startStream(sandbox, { staticData: saved });
		await until(() => after.items.length === 3, 'the three missed events');
		sandbox.addInboundMessage({ chatId, text: 'after restart', deliver: false });
		await until(() => after.items.length === 4, 'the next event');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(after.texts()).toEqual(['down 1', 'down 2', 'down 3', 'after restart']);
	});

	it('two triggers of the same node in one process (a restart overlapping the old one) run each event once', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		const one = await startStream(sandbox);
		const two = await startStream(sandbox);
		await until(() => sandbox.openStreams() === 2, 'both streams');
		for (const text of ['a', 'b', 'c']) sandbox.addInboundMessage({ chatId, text, deliver: false });
		await until(() => one.items.length + two.items.length === 3, 'three events');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect([...one.texts(), ...two.texts()].sort()).toEqual(['a', 'b', 'c']);
	});

	it('a refused credential fails the activation with Chert’s error, and opens no stream', async () => {
		const sandbox = sandboxOf();
		const wrong = startStream(sandbox, { credential: { signingSecret: 'not-the-secret-0000000000000000' } });
		await expect(wrong).rejects.toMatchObject({ httpCode: '401', message: expect.stringContaining('Invalid bearer token') });
		const error = (await wrong.catch((caught: unknown) => caught)) as { description?: string };
		expect(error.description).toMatch(/credential/i);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(streamRequests(sandbox)).toEqual([]);
		expect(sandbox.openStreams()).toBe(0);
	});

	it('Chert failing at activation (503) does not fail it: the trigger keeps trying and streams once Chert answers', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		sandbox.injectError({ method: 'GET', path: '/api/v1/events', code: 3001, status: 503, times: 2 });
		const trigger = await startStream(sandbox);
		await until(() => sandbox.openStreams() === 1, 'the stream', 10_000);
		sandbox.addInboundMessage({ chatId, text: 'after the outage', deliver: false });
		await until(() => trigger.items.length === 1, 'the event');
		expect(trigger.texts()).toEqual(['after the outage']);
		expect(trigger.errors).toEqual([]);
	});

	it('refused later (a rotated secret), it stops and reports the error to n8n once', async () => {
		const sandbox = sandboxOf();
		const trigger = await startStream(sandbox);
		await until(() => sandbox.openStreams() === 1, 'the stream');
		sandbox.injectError({ method: 'GET', path: '/api/v1/events', code: 1001, status: 401, times: 100 });
		sandbox.injectError({ method: 'GET', path: '/api/v1/events/stream', code: 1001, status: 401, times: 100 });
		sandbox.dropStreams();
		await until(() => trigger.errors.length === 1, 'the error');
		const requests = eventsRequests(sandbox).length;
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(eventsRequests(sandbox).length).toBe(requests);
		expect(trigger.errors).toHaveLength(1);
		expect(String(trigger.errors[0].message)).not.toContain(sandbox.signingSecret);
	});

	it('deactivated, closes its connection and asks Chert nothing more', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		const trigger = await startStream(sandbox);
		await until(() => sandbox.openStreams() === 1, 'the stream');
		await trigger.response.closeFunction?.();
		await until(() => sandbox.openStreams() === 0, 'the stream to close', 2000);
		const requests = eventsRequests(sandbox).length;
		sandbox.addInboundMessage({ chatId, text: 'too late', deliver: false });
		await new Promise((resolve) => setTimeout(resolve, 800));
		expect(eventsRequests(sandbox).length).toBe(requests);
		expect(trigger.items).toEqual([]);
	});

	it('“Listen for test event”: the first event after the click, then the connection closes', async () => {
		const sandbox = sandboxOf();
		const { chatId } = await seedChat(sandbox);
		sandbox.addInboundMessage({ chatId, text: 'before the click', deliver: false });
		const staticData: IDataObject = {};
		const trigger = await startStream(sandbox, { mode: 'manual', staticData });
		await until(() => sandbox.openStreams() === 1, 'the stream');
		sandbox.addInboundMessage({ chatId, text: 'the test event', deliver: false });
		sandbox.addInboundMessage({ chatId, text: 'one more', deliver: false });
		await until(() => trigger.items.length >= 1, 'the test event');
		await until(() => sandbox.openStreams() === 0, 'the stream to close');
		expect(trigger.texts()).toEqual(['the test event']);
		// A test run does not move the active workflow's resume point.
		expect(staticData).toEqual({});
	});
});

describe('Webhook mode’s trigger()', () => {
	it('on activation does nothing at Chert: the webhook does the work', async () => {
		const sandbox = sandboxOf();
		const response = await startStream(sandbox, { parameters: { deliveryMode: 'webhook' } });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(sandbox.state.requests).toEqual([]);
		expect(response.response.closeFunction).toBeInstanceOf(Function);
	});

	it('a test run away from the process that got the delivery takes the newest chosen event from Chert’s events log', async () => {
		const sandbox = sandboxOf();
		const { chatId, messageId } = await seedChat(sandbox);
		sandbox.addInboundMessage({ chatId, text: 'the delivered one', deliver: false });
		sandbox.addEvent({ type: 'reaction.added', data: { chat_id: chatId, message_id: messageId, reaction: 'like' }, deliver: false });
		const trigger = await startStream(sandbox, { parameters: { deliveryMode: 'webhook' }, mode: 'manual' });
		await trigger.response.manualTriggerFunction?.();
		expect(trigger.texts()).toEqual(['the delivered one']);
	});

	it('a test run with no delivery to be found says so', async () => {
		const sandbox = sandboxOf();
		await expect(startStream(sandbox, { parameters: { deliveryMode: 'webhook' }, mode: 'manual' })).rejects.toThrow(
			/did not reach this test run/,
		);
	});
});
