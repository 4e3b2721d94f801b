/**
 * The shapes of a message.received delivery the Chert Trigger reads, each delivered signed by
 * the sandbox to the active trigger and run through n8n's engine: Chert's documented example
 * verbatim, the handles as plain strings, legacy top-level aliases, and data nested as
 * payload.data. The envelope reaches the workflow as it came.
 */
import { DOCUMENTED_MESSAGE_RECEIVED, DOCUMENTED_MESSAGE_RECEIVED_SHORTCUTS } from '../../fixtures/messageReceived.documented';
import { ANA, BEN, SENDER, seedChat, type Sandbox } from '../chert-workflow';
import { TRIGGER, useTrigger } from './trigger-workflow';

const trigger = useTrigger();
let sandbox: Sandbox;
beforeEach(() => (sandbox = trigger.sandbox()));

/** A group chat of the tenant's first line with these members (the sandbox's POST /chats). */
async function seedGroup(to: string[]): Promise<string> {
	const response = await fetch(`${sandbox.url}/api/v1/chats`, {
		method: 'POST',
		headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
		body: JSON.stringify({ from: SENDER, to, message: { parts: [{ type: 'text', value: 'Welcome' }] } }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { chat: { id: string } }).chat.id;
}

describe('Chert Trigger output per delivery shape', () => {
	it('Chert’s documented message.received example: from is the sender’s phone, to your line', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const delivery = await sandbox.deliverEvent(subscription.id, DOCUMENTED_MESSAGE_RECEIVED);
		expect(delivery.status).toBe(200);
		await harness.settled();

		expect(harness.runs()).toHaveLength(1);
		expect(harness.runs()[0].json(TRIGGER)).toEqual([{ ...DOCUMENTED_MESSAGE_RECEIVED_SHORTCUTS, ...DOCUMENTED_MESSAGE_RECEIVED }]);
	});

	it('the same example nested as payload.data', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		await sandbox.deliverEvent(subscription.id, DOCUMENTED_MESSAGE_RECEIVED, { shape: 'payload.data' });
		await harness.settled();

		const { data, ...rest } = DOCUMENTED_MESSAGE_RECEIVED;
		expect(harness.runs()[0].json(TRIGGER)).toEqual([{ ...DOCUMENTED_MESSAGE_RECEIVED_SHORTCUTS, ...rest, payload: { data } }]);
	});

	it('a group chat from the sandbox: handle objects, isGroup, the other members as participants', async () => {
		const { harness } = await trigger.activate(sandbox);
		const chatId = await seedGroup([ANA, BEN]);
		const { event, message, deliveries } = sandbox.addInboundMessage({ chatId, from: BEN, text: 'Count me in' });
		expect((await deliveries)[0].status).toBe(200);
		await harness.settled();

		expect(harness.runs()[0].json(TRIGGER)).toEqual([
			{
				chatId,
				messageId: message.id,
				from: BEN,
				to: SENDER,
				isGroup: true,
				participants: [ANA, BEN],
				text: 'Count me in',
				media: [],
				...event.payload,
			},
		]);
		expect((event.payload.data as { message: { sender_handle: unknown } }).message.sender_handle).toEqual({
			handle: BEN,
			service: 'imessage',
			is_me: false,
		});
	});

	it('handles as plain strings (older deliveries)', async () => {
		const { harness } = await trigger.activate(sandbox);
		const { chatId } = await seedChat(sandbox);
		const { event, message } = sandbox.addInboundMessage({ chatId, text: 'Hi', handleFormat: 'string' });
		await sandbox.deliveriesSettled();
		await harness.settled();

		expect(harness.runs()[0].json(TRIGGER)[0]).toEqual({
			chatId,
			messageId: message.id,
			from: ANA,
			to: SENDER,
			isGroup: false,
			participants: [ANA],
			text: 'Hi',
			media: [],
			...event.payload,
		});
	});

	it('a legacy delivery with only the top-level aliases', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const legacy = {
			event: 'message.received',
			event_id: 'legacy-1',
			from: ANA,
			to: SENDER,
			text: 'Old style',
			message_guid: 'guid-1',
			line_id: 'line_1',
		};
		expect((await sandbox.deliverEvent(subscription.id, legacy)).status).toBe(200);
		await harness.settled();

		expect(harness.runs()[0].json(TRIGGER)).toEqual([
			{ ...legacy, chatId: null, messageId: 'guid-1', isGroup: null, participants: null, media: [] },
		]);
	});

	it('a delivery with data and the legacy aliases: data is read, the envelope passes through', async () => {
		const { harness } = await trigger.activate(sandbox);
		const { chatId } = await seedChat(sandbox);
		const { event, message } = sandbox.addInboundMessage({ chatId, text: 'Both', legacyAliases: true });
		await sandbox.deliveriesSettled();
		await harness.settled();

		const [output] = harness.runs()[0].json(TRIGGER);
		expect(output).toEqual({
			chatId,
			messageId: message.id,
			from: ANA,
			to: SENDER,
			isGroup: false,
			participants: [ANA],
			text: 'Both',
			media: [],
			...event.payload,
		});
		expect(output).toMatchObject({ message_guid: message.id, line_id: 'line_1' });
	});
});
