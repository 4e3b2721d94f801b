import type { INodeProperties } from 'n8n-workflow';

import { Chert } from '../../../nodes/Chert/Chert.node';

const description = new Chert().description;
const locationFields = description.properties.filter(
	(p) => p.displayOptions?.show?.resource?.includes('location') && p.displayOptions?.show?.operation?.includes('send'),
);

/** The fields shown for a node version, as n8n picks them by `@version`. */
function fieldsFor(version: number, name: string): INodeProperties[] {
	return locationFields.filter((field) => {
		if (field.name !== name) return false;
		const versions = field.displayOptions?.show?.['@version'] as Array<number | { _cnd: { gte: number } }> | undefined;
		return versions === undefined || versions.some((v) => (typeof v === 'number' ? v === version : version >= v._cnd.gte));
	});
}

describe('Location → Send across node versions', () => {
	it('the node has versions 1 and 2, new nodes getting 2', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('version 2 sends to a phone number by default; version 1 keeps the chat, as workflows saved with it expect', () => {
		expect(fieldsFor(2, 'sendTo').map((f) => f.default)).toEqual(['phone']);
		expect(fieldsFor(1, 'sendTo').map((f) => f.default)).toEqual(['chat']);
	});

	it('the chat field says it takes Chert’s delivery chat id, not Create Chat’s UUID; only version 1 defaults it to $json.chatId', () => {
		const [v2] = fieldsFor(2, 'chatId');
		const [v1] = fieldsFor(1, 'chatId');
		for (const field of [v1, v2]) {
			expect(field).toMatchObject({ displayName: 'Delivery Chat ID', placeholder: 'iMessage;+;chat42' });
			expect(field.description).toContain('Not the chat UUID that Create Chat');
		}
		expect(v2.default).toBe('');
		expect(v1.default).toBe('={{ $json.chatId }}');
	});

	it('offers Fallback Mode (Auto: fall back to an Apple Maps link) and Expires At among the options', () => {
		const [options] = fieldsFor(2, 'options');
		const byName = Object.fromEntries((options.options as INodeProperties[]).map((o) => [o.name, o]));
		expect(byName.fallbackMode).toMatchObject({
			type: 'options',
			default: 'auto',
			options: [{ name: 'Auto: fall back to an Apple Maps link', value: 'auto', description: expect.any(String) }],
		});
		expect(byName.expiresAt).toMatchObject({ type: 'dateTime', default: '' });
	});
});
