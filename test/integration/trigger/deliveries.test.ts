/**
 * Deliveries from the sandbox to the active trigger, through n8n-core's WebhookContext and
 * WorkflowExecute: a signed one starts Trigger → Reply; every bad one is refused before
 * anything runs; a repeated event id starts nothing; Download Media puts the files in
 * binary properties; the editor's test URL works the same way.
 */
import { signWebhook } from '../../sandbox';
import { ANA, SENDER, type Sandbox } from '../chert-workflow';
import { inboundEvent, onlySubscription, replies, REPLY, TRIGGER, useTrigger } from './trigger-workflow';

const trigger = useTrigger({ webhookRetryDelaysMs: [50, 100, 200] });
let sandbox: Sandbox;
beforeEach(() => (sandbox = trigger.sandbox()));

describe('a signed delivery', () => {
	it('starts the workflow with the envelope and its shortcuts, and the reply reaches the chat', async () => {
		const { harness } = await trigger.activate(sandbox);
		const { chatId } = await inboundEvent(sandbox);
		sandbox.state.requests.length = 0;
		const { event, message, deliveries } = sandbox.addInboundMessage({ chatId, text: 'Is it shipped?' });
		expect(await deliveries).toEqual([expect.objectContaining({ status: 200, attempt: 1, responseBody: '{"message":"Workflow was started"}' })]);
		await harness.settled();

		const [run] = harness.runs();
		expect(harness.runs()).toHaveLength(1);
		expect(run.status).toBe('success');
		expect(run.json(TRIGGER)).toEqual([
			{
				chatId,
				messageId: message.id,
				from: ANA,
				to: SENDER,
				isGroup: false,
				participants: [ANA],
				text: 'Is it shipped?',
				media: [],
				...event.payload,
			},
		]);
		const [reply] = replies(sandbox);
		expect(reply.path).toBe(`/api/v1/chats/${chatId}/messages`);
		expect((reply.body as { message: { parts: unknown } }).message.parts).toEqual([{ type: 'text', value: 'Got it: Is it shipped?' }]);
		expect(run.json(REPLY)[0]).toMatchObject({ chatId, messageId: expect.any(String) });
	});

	it.each([
		['t=<ts>,v1=<hex> in X-Webhook-Signature', { signatureFormat: 't=', signatureHeader: 'x-webhook-signature' }],
		['t=<ts>,v1=<hex> in x-chert-signature', { signatureFormat: 't=', signatureHeader: 'x-chert-signature' }],
		['legacy v1,<ts>,<hex> in X-Webhook-Signature', { signatureFormat: 'legacy', signatureHeader: 'x-webhook-signature' }],
		['legacy v1,<ts>,<hex> in x-chert-signature', { signatureFormat: 'legacy', signatureHeader: 'x-chert-signature' }],
		['data nested as payload.data', { shape: 'payload.data' }],
		['indented JSON (the signature covers the bytes as sent)', { bodyFormat: 'pretty' }],
		// The exact ±300 s boundary is unit-tested with a fixed clock; here a margin keeps a
		// busy machine's seconds between building the table and the delivery out of the result.
		['a timestamp 270 s old', { timestamp: Math.floor(Date.now() / 1000) - 270 }],
	] as const)('is accepted: %s', async (_name, options) => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const { chatId, event, message } = await inboundEvent(sandbox, { text: 'Hello' });
		const delivery = await sandbox.deliverEvent(subscription.id, event, options);
		expect(delivery.status).toBe(200);
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
		expect(harness.runs()[0].json(TRIGGER)[0]).toMatchObject({ chatId, messageId: message.id, from: ANA, text: 'Hello', event_id: event.id });
		expect(replies(sandbox)).toHaveLength(1);
	});

	it('a reaction event, when the trigger listens to it', async () => {
		const { harness } = await trigger.activate(sandbox, { events: ['reaction.added'] });
		const { chatId, message } = await inboundEvent(sandbox);
		const data = { chat: { id: chatId }, message: { id: message.id }, reaction: 'love' };
		const { deliveries } = sandbox.addEvent({ type: 'reaction.added', leadId: chatId, data });
		expect((await deliveries)[0].status).toBe(200);
		await harness.settled();
		expect(harness.runs()[0].json(TRIGGER)[0]).toMatchObject({ chatId, messageId: message.id, from: null, text: null, media: [], event: 'reaction.added', data });
	});

	it('of an event the trigger does not listen to gets 200 and starts nothing', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const { event } = sandbox.addEvent({ type: 'reaction.removed', data: {}, deliver: false });
		const delivery = await sandbox.deliverEvent(subscription.id, event);
		expect(delivery).toMatchObject({ status: 200, responseBody: JSON.stringify({ received: true, started: false, reason: 'event not selected' }) });
		await harness.settled();
		expect(harness.runs()).toHaveLength(0);
	});
});

describe('bad deliveries start nothing', () => {
	it.each([
		['signed with another secret', { tamper: 'wrong-secret' }, '401'],
		['body altered after signing', { tamper: 'altered-body' }, '401'],
		['timestamp 600 s old', { tamper: 'stale-timestamp' }, '401'],
		['timestamp 330 s old', { timestamp: Math.floor(Date.now() / 1000) - 330 }, '401'],
		['timestamp 330 s ahead', { timestamp: Math.floor(Date.now() / 1000) + 330 }, '401'],
		['no signature header', { tamper: 'missing-signature' }, '401'],
		['malformed signature header (sha256=<hex>)', { tamper: 'malformed-signature' }, '401'],
		['signed with the API signing secret instead', { secret: '0123456789abcdef0123456789abcdef' }, '401'],
	] as const)('%s → %s', async (_name, options, status) => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const { event } = await inboundEvent(sandbox);
		sandbox.state.requests.length = 0;
		const delivery = await sandbox.deliverEvent(subscription.id, event, options);
		expect({ status: delivery.status, body: delivery.responseBody }).toEqual({
			status: Number(status),
			body: JSON.stringify({ error: 'Invalid or missing Chert signature' }),
		});
		await harness.settled();
		expect(harness.runs()).toHaveLength(0);
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('a replayed event id: the first delivery runs, the repeat gets 200 and starts nothing', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const { event } = await inboundEvent(sandbox);
		const first = await sandbox.deliverEvent(subscription.id, event);
		const repeat = await sandbox.deliverEvent(subscription.id, event, { signatureFormat: 'legacy' });
		expect(first.status).toBe(200);
		expect(repeat).toMatchObject({ status: 200, responseBody: JSON.stringify({ received: true, started: false, reason: 'duplicate event_id' }) });
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
		expect(replies(sandbox)).toHaveLength(1);
	});

	it('a correctly signed body that is not a JSON object → 400, nothing runs', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		for (const body of ['hello', '[1,2]', '"text"']) {
			const response = await fetch(harness.webhookUrl('production'), {
				method: 'POST',
				headers: { 'content-type': 'text/plain', 'x-webhook-signature': signWebhook(subscription.secret, body) },
				body,
			});
			expect({ body, status: response.status }).toEqual({ body, status: 400 });
		}
		await harness.settled();
		expect(harness.runs()).toHaveLength(0);
	});

	it('before activation, and after deactivation, n8n has no webhook: 404', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const subscription = onlySubscription(sandbox);
		const { event } = await inboundEvent(sandbox);
		await harness.deactivate();
		sandbox.state.subscriptions.set(subscription.id, subscription);
		expect((await sandbox.deliverEvent(subscription.id, event)).status).toBe(404);
		expect(harness.runs()).toHaveLength(0);
	});
});

describe("Chert's retries", () => {
	it('a delivery that failed with 5xx is taken on Chert’s retry, and runs once', async () => {
		const { harness } = await trigger.activate(sandbox, { options: { downloadMedia: true } });
		const attachmentId = sandbox.addInboundAttachment({ filename: 'photo.png', content_type: 'image/png', bytes: 'png' });
		const { chatId } = await inboundEvent(sandbox);
		// Every attempt of the first delivery's download fails: the node answers 500.
		sandbox.injectError({ method: 'GET', path: `/api/v1/attachments/${attachmentId}/content`, code: 3001, status: 500, times: 3 });
		const { deliveries } = sandbox.addInboundMessage({ chatId, parts: [{ type: 'media', attachment_id: attachmentId }] });
		expect((await deliveries)[0]).toMatchObject({ status: 200, attempt: 2 });
		expect(sandbox.state.webhookDeliveries.map((d) => d.status)).toEqual([500, 200]);
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
	});
});

describe('a delivery before n8n has saved the subscription’s secret', () => {
	it('gets 503, so Chert retries it, and runs once when the secret is there', async () => {
		const { harness } = await trigger.activate(sandbox);
		const { chatId } = await inboundEvent(sandbox);
		// As in n8n 2.41 just after activation: Chert has the subscription, n8n's saved static data not yet.
		const saved = structuredClone(harness.staticData);
		harness.staticData = {};
		const { deliveries } = sandbox.addInboundMessage({ chatId, text: 'right after activation' });
		while (sandbox.state.webhookDeliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		harness.staticData = saved;
		expect((await deliveries)[0]).toMatchObject({ status: 200, attempt: 2 });
		expect(sandbox.state.webhookDeliveries.map((d) => d.status)).toEqual([503, 200]);
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
	});
});

describe('Download Media', () => {
	it('puts each media part’s file in attachment_<n>, named and typed from Chert’s answer', async () => {
		const { harness } = await trigger.activate(sandbox, { options: { downloadMedia: true } });
		const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000, 7)]);
		const pdf = Buffer.from('%PDF-1.4 receipt');
		const photo = sandbox.addInboundAttachment({ filename: 'photo.png', content_type: 'image/png', bytes: png });
		const receipt = sandbox.addInboundAttachment({ filename: 'receipt.pdf', content_type: 'application/pdf', bytes: pdf });
		const { chatId } = await inboundEvent(sandbox);
		const parts = [
			{ type: 'media', attachment_id: photo },
			{ type: 'text', value: 'and the receipt' },
			{ type: 'media', attachment_id: receipt },
		];
		await sandbox.addInboundMessage({ chatId, parts }).deliveries;
		await harness.settled();

		const [item] = harness.runs()[0].output(TRIGGER);
		expect(item.json).toMatchObject({
			text: 'and the receipt',
			media: [
				{ type: 'media', attachment_id: photo, binaryProperty: 'attachment_0' },
				{ type: 'media', attachment_id: receipt, binaryProperty: 'attachment_1' },
			],
		});
		expect(item.binary?.attachment_0).toMatchObject({ fileName: 'photo.png', mimeType: 'image/png' });
		expect(item.binary?.attachment_1).toMatchObject({ fileName: 'receipt.pdf', mimeType: 'application/pdf' });
		expect(Buffer.from(item.binary!.attachment_0.data, 'base64').equals(png)).toBe(true);
		expect(Buffer.from(item.binary!.attachment_1.data, 'base64').equals(pdf)).toBe(true);
		// Parts are not changed: the envelope still holds what Chert sent.
		expect((item.json.data as { message: { parts: unknown } }).message.parts).toEqual(parts);
	});

	it('uses the Binary Property Prefix, and downloads over HMAC too', async () => {
		const harness = await trigger.start(sandbox, { options: { downloadMedia: true, binaryPropertyPrefix: 'file' } }, { authentication: 'hmac', tenant: sandbox.tenantSlug });
		await harness.activate();
		const photo = sandbox.addInboundAttachment({ filename: 'a.jpg', content_type: 'image/jpeg', bytes: 'jpeg-bytes' });
		const { chatId } = await inboundEvent(sandbox);
		await sandbox.addInboundMessage({ chatId, parts: [{ type: 'media', attachment_id: photo }] }).deliveries;
		await harness.settled();
		const [item] = harness.runs()[0].output(TRIGGER);
		expect(Object.keys(item.binary ?? {})).toEqual(['file0']);
		expect(Buffer.from(item.binary!.file0.data, 'base64').toString()).toBe('jpeg-bytes');
		const download = sandbox.state.requests.find((r) => r.path.endsWith('/content'));
		expect(download?.auth).toBe('hmac');
	});

	it('is off by default: media parts are listed, nothing is downloaded', async () => {
		const { harness } = await trigger.activate(sandbox);
		const photo = sandbox.addInboundAttachment({ filename: 'a.png', content_type: 'image/png', bytes: 'png' });
		const { chatId } = await inboundEvent(sandbox);
		await sandbox.addInboundMessage({ chatId, parts: [{ type: 'media', attachment_id: photo }] }).deliveries;
		await harness.settled();
		const [item] = harness.runs()[0].output(TRIGGER);
		expect(item.json.media).toEqual([{ type: 'media', attachment_id: photo }]);
		expect(item.binary).toBeUndefined();
		expect(sandbox.state.requests.some((r) => r.path.endsWith('/content'))).toBe(false);
	});
});

describe('"Listen for test event"', () => {
	it('a delivery to the test URL runs the workflow once, then the test subscription is deleted', async () => {
		const harness = await trigger.start(sandbox);
		await harness.listenForTestEvent();
		const test = onlySubscription(sandbox);
		expect(test.url).toBe(harness.webhookUrl('test'));
		const { chatId } = await inboundEvent(sandbox);
		await sandbox.addInboundMessage({ chatId, text: 'testing' }).deliveries;
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
		expect(harness.runs()[0].json(TRIGGER)[0]).toMatchObject({ chatId, text: 'testing' });
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(harness.listening).toBe(false);
	});

	it('a forged delivery to the test URL is refused and the editor keeps listening', async () => {
		const harness = await trigger.start(sandbox);
		await harness.listenForTestEvent();
		const test = onlySubscription(sandbox);
		const { event } = await inboundEvent(sandbox);
		expect((await sandbox.deliverEvent(test.id, event, { tamper: 'wrong-secret' })).status).toBe(401);
		expect(harness.listening).toBe(true);
		expect((await sandbox.deliverEvent(test.id, event)).status).toBe(200);
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
	});
});
