import { omitEmpty } from '../../../nodes/Chert/helpers/body';
import { parseList } from '../../../nodes/Chert/helpers/lists';

describe('omitEmpty: optional fields a user left empty are not sent', () => {
	it('drops undefined, null, empty strings and empty lists, and keeps the rest', () => {
		expect(omitEmpty({ a: undefined, b: null, c: '', d: [], e: 'x', f: ['y'], g: 0, h: false, i: ' ' })).toEqual({
			e: 'x',
			f: ['y'],
			g: 0,
			h: false,
			i: ' ',
		});
	});
});

describe('parseList: a list field (To, Attachment IDs)', () => {
	it.each([
		['att_1, att_2', ['att_1', 'att_2']],
		['att_1;att_2\natt_3', ['att_1', 'att_2', 'att_3']],
		[['att_1', ['att_2']], ['att_1', 'att_2']],
		['', []],
		[undefined, []],
	])('reads %p', (input, expected) => {
		expect(parseList(input)).toEqual(expected);
	});
});
