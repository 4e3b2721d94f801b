import { triggerOutput } from '../../../nodes/ChertTrigger/envelope';
import { isWanted, sameEvents } from '../../../nodes/ChertTrigger/events';
import { InMemoryDeliveryLedger } from '../../../nodes/ChertTrigger/ledger';

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
		chat: { id: 'c1', is_group: false, handles: [], owner_handle: '+15550000001' },
		message: {
			id: 'm1',
			direction: 'inbound',
			sender_handle: '+14155550123',
			parts: [
				{ type: 'text', value: 'Hi' },
				{ type: 'media', attachment_id: 'a1' },
				{ type: 'text', value: 'there' },
			],
		},
	};
	const envelope = { event: 'message.received', event_id: 'e1', timestamp: 't', data };

	it('adds chatId, messageId, from, text (text parts joined by new lines) and media to the envelope', () => {
		expect(triggerOutput(envelope)).toEqual({
			chatId: 'c1',
			messageId: 'm1',
			from: '+14155550123',
			text: 'Hi\nthere',
			media: [{ type: 'media', attachment_id: 'a1' }],
			...envelope,
		});
	});

	it('reads data nested as payload.data the same way, leaving the envelope as it came', () => {
		const nested = { event: 'message.received', event_id: 'e1', timestamp: 't', payload: { data } };
		const { data: _top, ...shortcutsAndEnvelope } = triggerOutput(envelope);
		expect(triggerOutput(nested)).toEqual({ ...shortcutsAndEnvelope, ...nested });
	});

	it('gives null (and no media) for what the event does not carry', () => {
		expect(triggerOutput({ event: 'reaction.added', data: { reaction: 'love' } })).toMatchObject({
			chatId: null,
			messageId: null,
			from: null,
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
