import { triggerOutput } from '../../../nodes/shared/delivery/envelope';
import { DOCUMENTED_MESSAGE_RECEIVED, DOCUMENTED_MESSAGE_RECEIVED_SHORTCUTS } from '../../fixtures/messageReceived.documented';
import { isWanted, sameEvents } from '../../../nodes/ChertTrigger/events';
import { InMemoryDeliveryLedger } from '../../../nodes/shared/delivery/ledger';

describe('InMemoryDeliveryLedger', () => {
	it('takes an event id once per subscription, and again once released', async () => {
		const ledger = new InMemoryDeliveryLedger();
		expect(await ledger.claim('s1', 'e1')).toBe(true);
		expect(await ledger.claim('s1', 'e1')).toBe(false);
		expect(await ledger.claim('s2', 'e1')).toBe(true);
		await ledger.release('s1', 'e1');
		expect(await ledger.claim('s1', 'e1')).toBe(true);
	});

	it('keeps the last N ids of the last M subscriptions, least recently used out first', async () => {
		const ledger = new InMemoryDeliveryLedger(3, 2);
		for (const id of ['a', 'b', 'c']) await ledger.claim('s1', id);
		expect(await ledger.claim('s1', 'a')).toBe(false); // refreshes a
		await ledger.claim('s1', 'd'); // evicts b
		expect(await ledger.claim('s1', 'a')).toBe(false);
		expect(await ledger.claim('s1', 'b')).toBe(true);
		await ledger.claim('s2', 'x');
		await ledger.claim('s3', 'y'); // evicts s1, the least recently used subscription
		expect(await ledger.claim('s1', 'a')).toBe(true);
		expect(await ledger.claim('s3', 'y')).toBe(false);
	});
});

describe('triggerOutput', () => {
	const data = {
		chat: {
			id: 'c1',
			is_group: false,
			handles: [
				{ handle: '+15550000001', service: 'imessage', is_me: true },
				{ handle: '+14155550123', service: 'imessage', is_me: false },
			],
			owner_handle: { handle: '+15550000001', service: 'imessage', is_me: true },
		},
		message: {
			id: 'm1',
			direction: 'inbound',
			sender_handle: { handle: '+14155550123', service: 'imessage', is_me: false },
			parts: [
				{ type: 'text', value: 'Hi' },
				{ type: 'media', attachment_id: 'a1' },
				{ type: 'text', value: 'there' },
			],
		},
	};
	const envelope = { event: 'message.received', event_id: 'e1', timestamp: 't', data };
	const shortcuts = {
		chatId: 'c1',
		messageId: 'm1',
		from: '+14155550123',
		to: '+15550000001',
		isGroup: false,
		participants: ['+14155550123'],
		text: 'Hi\nthere',
		media: [{ type: 'media', attachment_id: 'a1' }],
	};

	it('reads Chert’s documented message.received delivery (verbatim fixture) by its field map', () => {
		const output = triggerOutput(structuredClone(DOCUMENTED_MESSAGE_RECEIVED));
		expect(output).toEqual({ ...DOCUMENTED_MESSAGE_RECEIVED_SHORTCUTS, ...DOCUMENTED_MESSAGE_RECEIVED });
		expect(Object.keys(output).slice(0, 8)).toEqual(Object.keys(DOCUMENTED_MESSAGE_RECEIVED_SHORTCUTS));
	});

	it('adds the shortcuts to the envelope: handle objects read, text parts joined by new lines', () => {
		expect(triggerOutput(envelope)).toEqual({ ...shortcuts, ...envelope });
	});

	it('reads data nested as payload.data the same way, leaving the envelope as it came', () => {
		const nested = { event: 'message.received', event_id: 'e1', timestamp: 't', payload: { data } };
		expect(triggerOutput(nested)).toEqual({ ...shortcuts, ...nested });
	});

	it('a group: isGroup, and every member but the line (is_me) as participants', () => {
		const group = structuredClone(data);
		group.chat.is_group = true;
		group.chat.handles.push({ handle: 'ben@example.com', service: 'imessage', is_me: false });
		expect(triggerOutput({ data: group })).toMatchObject({
			isGroup: true,
			to: '+15550000001',
			participants: ['+14155550123', 'ben@example.com'],
		});
	});

	it('still reads handles given as plain strings', () => {
		const strings = {
			chat: { id: 'c1', is_group: false, handles: ['+15550000001', '+14155550123'], owner_handle: '+15550000001' },
			message: { id: 'm1', sender_handle: '+14155550123', parts: [{ type: 'text', value: 'Hi' }] },
		};
		expect(triggerOutput({ data: strings })).toMatchObject({
			from: '+14155550123',
			to: '+15550000001',
			isGroup: false,
			participants: ['+14155550123'],
		});
	});

	it('without owner_handle, the line is the handle marked is_me', () => {
		const { owner_handle: _owner, ...chat } = data.chat;
		expect(triggerOutput({ data: { ...data, chat } })).toMatchObject({ to: '+15550000001', participants: ['+14155550123'] });
	});

	it('takes the legacy top-level from, to, text and message_guid only when data lacks them', () => {
		const legacy = { from: '+14155550999', to: '+15550000009', text: 'old text', message_guid: 'guid-1', line_id: 'line_1' };
		expect(triggerOutput({ event: 'lead_reply', ...legacy })).toEqual({
			chatId: null,
			messageId: 'guid-1',
			from: '+14155550999',
			to: '+15550000009',
			isGroup: null,
			participants: null,
			text: 'old text',
			media: [],
			event: 'lead_reply',
			message_guid: 'guid-1',
			line_id: 'line_1',
		});
		// With data present, data wins; the envelope's other fields pass through as they came.
		expect(triggerOutput({ ...envelope, ...legacy })).toEqual({ ...shortcuts, ...envelope, message_guid: 'guid-1', line_id: 'line_1' });
		// Legacy fields beside payload.data (an events-row-shaped delivery) are read too.
		expect(triggerOutput({ payload: { from: '+14155550999', text: 'old text' } })).toMatchObject({ from: '+14155550999', text: 'old text' });
	});

	it('gives null (and no media) for what the event does not carry', () => {
		expect(triggerOutput({ event: 'reaction.added', data: { reaction: 'love' } })).toMatchObject({
			chatId: null,
			messageId: null,
			from: null,
			to: null,
			isGroup: null,
			participants: null,
			text: null,
			media: [],
		});
	});
});

describe('events', () => {
	it('compares event lists as sets, all four events counting as all', () => {
		expect(sameEvents(['reaction.added', 'message.received'], ['message.received', 'reaction.added'])).toBe(true);
		expect(sameEvents([], ['lead_reply', 'message.received', 'reaction.added', 'reaction.removed'])).toBe(true);
		expect(sameEvents([], ['message.received'])).toBe(false);
		expect(isWanted([], undefined)).toBe(true);
		expect(isWanted(['message.received'], 'reaction.added')).toBe(false);
		expect(isWanted(['message.received'], undefined)).toBe(false);
	});
});
