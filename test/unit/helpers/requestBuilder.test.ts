import { toApiParts } from '../../../nodes/Chert/helpers/parts';
import { parseRecipients } from '../../../nodes/Chert/helpers/recipients';

describe('toApiParts: the parts editor to Chert parts', () => {
	it('keeps the order and maps each field to its API key', () => {
		expect(
			toApiParts({
				part: [
					{ type: 'text', text: 'Hi' },
					{ type: 'media', attachmentId: 'att_9' },
					{ type: 'rich_link', url: 'https://e.com', title: 'T', summary: '', imageUrl: 'https://e.com/i.png', iconUrl: '' },
					{ type: 'link', url: 'https://e.com/l' },
				],
			}),
		).toEqual([
			{ type: 'text', value: 'Hi' },
			{ type: 'media', attachment_id: 'att_9' },
			{ type: 'rich_link', url: 'https://e.com', title: 'T', image_url: 'https://e.com/i.png' },
			{ type: 'link', url: 'https://e.com/l' },
		]);
	});

	it('drops fields left over from another type, and keeps required ones empty for validation', () => {
		expect(toApiParts({ part: [{ type: 'media', text: 'old text', attachmentId: '' }] })).toEqual([
			{ type: 'media', attachment_id: '' },
		]);
	});

	it('gives no parts for an empty editor', () => {
		expect(toApiParts({})).toEqual([]);
		expect(toApiParts(undefined)).toEqual([]);
	});
});

describe('parseRecipients: the To field', () => {
	it.each([
		['+14155550123', ['+14155550123']],
		['+14155550123, +14155550124', ['+14155550123', '+14155550124']],
		['+14155550123\n+14155550124;+14155550125 +14155550126', ['+14155550123', '+14155550124', '+14155550125', '+14155550126']],
		['  ', []],
		[['+14155550123', ' +14155550124 '], ['+14155550123', '+14155550124']],
		[[['+14155550123'], '+14155550124,+14155550125'], ['+14155550123', '+14155550124', '+14155550125']],
		[undefined, []],
	])('reads %p', (input, expected) => {
		expect(parseRecipients(input)).toEqual(expected);
	});
});
