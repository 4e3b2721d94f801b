import { isActive, phoneNumbersOf, withIds } from '../../../nodes/Chert/actions/common';
import * as getMessages from '../../../nodes/Chert/actions/chat/getMessages.operation';
import * as sendLocation from '../../../nodes/Chert/actions/location/send.operation';
import * as getMessage from '../../../nodes/Chert/actions/message/get.operation';
import * as sendToPhoneNumber from '../../../nodes/Chert/actions/message/sendToPhoneNumber.operation';

const message = { id: 'm1', chat_id: 'c1', parts: [{ type: 'text', value: 'Hi' }], status: 'sent' };

describe('withIds: Chert’s answer as-is, with chatId and messageId on top', () => {
	it('reads nested chat and message', () => {
		expect(withIds({ chat: { id: 'c1' }, message: { id: 'm1', chat_id: 'c1' } })).toEqual({
			chatId: 'c1',
			messageId: 'm1',
			chat: { id: 'c1' },
			message: { id: 'm1', chat_id: 'c1' },
		});
	});

	it('reads flat chat_id and message_id', () => {
		expect(withIds({ message_id: 'm1', chat_id: 'c1', status: 'sent' })).toEqual({ chatId: 'c1', messageId: 'm1', message_id: 'm1', chat_id: 'c1', status: 'sent' });
	});

	it('falls back on ids the node knows, and prefers what Chert says', () => {
		expect(withIds({ status: 'queued' }, { chatId: 'c9' })).toEqual({ chatId: 'c9', status: 'queued' });
		expect(withIds({ chat_id: 'c1' }, { chatId: 'c9' }).chatId).toBe('c1');
	});

	it('leaves out ids that are nowhere, rather than setting them to undefined', () => {
		expect(Object.keys(withIds({ status: 'read' }))).toEqual(['status']);
	});
});

describe('the outputs of the new operations', () => {
	it('Get Messages: one item per message in Chert’s order, each with hasMore', () => {
		const second = { ...message, id: 'm2' };
		expect(getMessages.toOutput({ messages: [message, second], has_more: true })).toEqual([
			{ chatId: 'c1', messageId: 'm1', message, hasMore: true },
			{ chatId: 'c1', messageId: 'm2', message: second, hasMore: true },
		]);
		expect(getMessages.toOutput({ messages: [], has_more: false })).toEqual([]);
	});

	it('Message → Get: the same output for a wrapped and a bare message', () => {
		const expected = { chatId: 'c1', messageId: 'm1', message };
		expect(getMessage.toOutput({ message })).toEqual(expected);
		expect(getMessage.toOutput(message)).toEqual(expected);
	});

	it('Send to Phone Number: chatId is the lead_id', () => {
		const answer = { status: 'queued', message_id: 'm1', lead_id: 'c1', lead_created: true, convo_id: 'c1', phone_line_id: 'l1' };
		expect(sendToPhoneNumber.toOutput(answer)).toEqual({ chatId: 'c1', messageId: 'm1', ...answer });
	});

	it('Location → Send: Chert’s documented 202 answer as it came, messageId on top, no chatId (a delivery chat id is not one)', () => {
		const answer = {
			message_id: 'msg_01H',
			status: 'queued',
			phone_line_id: 'pl_15555550100',
			delivery: 'queued',
			location: { latitude: 40.758896, longitude: -73.98513, label: 'Times Square', address: 'Manhattan, NY', mode: 'balloon', fallback_mode_requested: 'auto' },
		};
		expect(sendLocation.toOutput(answer)).toEqual({ messageId: 'msg_01H', ...answer });
	});
});

describe('phone numbers', () => {
	it('reads the list as given, skipping what is not a number record', () => {
		const number = { id: 'pn_1', phone_number: '+15550000001', is_active: true };
		expect(phoneNumbersOf({ phone_numbers: [number, null, 'x'] })).toEqual([number]);
		expect(phoneNumbersOf({})).toEqual([]);
	});

	it('counts a number as active unless Chert says it is not', () => {
		expect(isActive({ is_active: true })).toBe(true);
		expect(isActive({})).toBe(true);
		expect(isActive({ is_active: false })).toBe(false);
	});
});
