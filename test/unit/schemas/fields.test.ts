import { z } from 'zod';

import { chatId, choice, messageId, optionalText, requiredText } from '../../../nodes/Chert/schemas/fields';
import { parseRequest } from '../../../nodes/Chert/schemas/issues';

function messagesOf(schema: z.ZodTypeAny, value: unknown) {
	const result = parseRequest(z.object({ field: schema }), { field: value }, { field: 'Field' });
	return result.success ? [] : result.problems;
}

describe.each([
	['chatId', chatId, 'use the chatId a Chert node returned'],
	['messageId', messageId, 'use the messageId a Chert node returned'],
])('%s', (_name, schema, hint) => {
	it('accepts an id and trims it', () => {
		expect(schema.parse(' abc-123 ')).toBe('abc-123');
	});

	it.each([[''], ['   '], [undefined], [null]])('refuses %p, saying where the id comes from', (value) => {
		const problems = messagesOf(schema, value);
		expect(problems).toHaveLength(1);
		expect(problems[0].startsWith(`"Field" is required: ${hint}`)).toBe(true);
	});

	it('refuses a number', () => {
		expect(messagesOf(schema, 12)).toEqual(['"Field" must be a string, not a number']);
	});
});

describe('requiredText', () => {
	it('accepts text as typed, spaces and all', () => {
		expect(requiredText.parse('  Hi Ana  ')).toBe('  Hi Ana  ');
	});

	it.each([[''], [' \n '], [undefined]])('refuses %p', (value) => {
		expect(messagesOf(requiredText, value)).toEqual([expect.stringMatching(/^"Field" (must not be empty|is required)$/)]);
	});
});

describe('optionalText', () => {
	it('accepts nothing, or a value it trims', () => {
		expect(optionalText.parse(undefined)).toBeUndefined();
		expect(optionalText.parse(' Ana ')).toBe('Ana');
	});

	it('refuses a blank value', () => {
		expect(messagesOf(optionalText, '  ')).toEqual(['"Field" must not be empty when given']);
	});
});

describe('choice', () => {
	const colour = choice(['red', 'green']);

	it('accepts each value', () => {
		expect(colour.parse('red')).toBe('red');
		expect(colour.parse('green')).toBe('green');
	});

	it('refuses another value, listing the accepted ones', () => {
		expect(messagesOf(colour, 'blue')).toEqual(['"Field" must be one of: red, green']);
	});

	it('says "is required" when the value is missing', () => {
		expect(messagesOf(colour, undefined)).toEqual(['"Field" is required']);
	});
});
