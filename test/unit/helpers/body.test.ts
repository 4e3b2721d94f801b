import { omitEmpty } from '../../../nodes/Chert/helpers/body';
import { parseEntries, parseList } from '../../../nodes/Chert/helpers/lists';

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

describe('parseEntries: a list field whose entries may be objects (Attachment IDs)', () => {
	it.each([
		['a comma-separated text', 'att_1, att_2', ['att_1', 'att_2']],
		['an array of ids and objects', ['att_1', { attachment_id: 'att_2', live_photo: true }], ['att_1', { attachment_id: 'att_2', live_photo: true }]],
		['a nested array', [['att_1'], [{ id: 'att_2' }]], ['att_1', { id: 'att_2' }]],
		['JSON text of an array', '["att_1", {"attachment_id": "att_2", "live_photo": true}]', ['att_1', { attachment_id: 'att_2', live_photo: true }]],
		['JSON text of one object', ' {"attachment_id": "att_2"}', [{ attachment_id: 'att_2' }]],
		['nothing', undefined, []],
	])('%s', (_case, input, expected) => {
		expect(parseEntries(input)).toEqual(expected);
	});

	it('reads text that only looks like JSON as a plain list, for the check to name', () => {
		expect(parseEntries('[att_1')).toEqual(['[att_1']);
	});
});
