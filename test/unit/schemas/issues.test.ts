import { createChatRequest } from '../../../nodes/Chert/schemas/chat';
import { parseRequest } from '../../../nodes/Chert/schemas/issues';

const labels = { from: 'From', to: 'To', 'message.parts': 'Parts', 'message.subject': 'Options › Group Name' };

describe('parseRequest: problems named as the node panel shows them', () => {
	it('names a top-level field and says how to fix it', () => {
		const result = parseRequest(createChatRequest, { from: '12', to: ['+14155550123'], message: { parts: [{ type: 'text', value: 'x' }] } }, labels);
		expect(result).toEqual({
			success: false,
			problems: [expect.stringMatching(/^"From" must be a phone number in E\.164 format.*e\.g\. \+14155550123/)],
		});
	});

	it('names the recipient entry and its value', () => {
		const result = parseRequest(createChatRequest, { from: '+15550000001', to: ['+14155550123', 'bob'], message: { parts: [{ type: 'text', value: 'x' }] } }, labels);
		expect(result.success || result.problems[0]).toMatch(/^"To" \(entry 2: bob\) must be/);
	});

	it('names the part by position and type, and the field inside it', () => {
		const result = parseRequest(
			createChatRequest,
			{ from: '+15550000001', to: ['+14155550123'], message: { parts: [{ type: 'text', value: 'x' }, { type: 'media', attachment_id: '' }] } },
			labels,
		);
		expect(result.success || result.problems).toEqual([expect.stringMatching(/^"Parts › Part 2 \(Media\) › Attachment ID" is required/)]);
	});

	it('speaks of fields, not types, for missing and mistyped values', () => {
		const result = parseRequest(createChatRequest, { to: ['+14155550123'], message: { parts: [{ type: 'text', value: 5 }] } }, labels);
		expect(result.success || result.problems).toEqual(['"From" is required', '"Parts › Part 1 (Text) › Text" must be a string, not a number']);
	});
});
