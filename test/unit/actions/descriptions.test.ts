import type { INodeProperties } from 'n8n-workflow';

import { Chert } from '../../../nodes/Chert/Chert.node';

const NEW_OPERATIONS: Record<string, string[]> = {
	chat: ['sendTypingIndicator', 'markAsRead', 'getMessages'],
	message: ['react', 'edit', 'get', 'sendToPhoneNumber'],
	phoneNumber: ['list'],
	location: ['send'],
};

const properties = new Chert().description.properties;

function fieldsOf(resource: string, operation: string): INodeProperties[] {
	return properties.filter(
		(p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
	);
}

describe('the node panel of the new operations', () => {
	it.each(Object.entries(NEW_OPERATIONS).flatMap(([resource, ops]) => ops.map((op) => [resource, op])))(
		'%s → %s is offered in the operation list, with a description and an action',
		(resource, operation) => {
			const selector = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
			const option = (selector?.options as Array<{ value: string; description?: string; action?: string }>).find((o) => o.value === operation);
			expect(option).toMatchObject({ description: expect.any(String), action: expect.any(String) });
		},
	);

	it.each(Object.entries(NEW_OPERATIONS).flatMap(([resource, ops]) => ops.map((op) => [resource, op])))(
		'%s → %s: every parameter and option says what it is, for people and AI agents',
		(resource, operation) => {
			const fields = fieldsOf(resource, operation).filter((p) => p.type !== 'notice');
			const nested = fields.flatMap((p) => (p.type === 'collection' ? (p.options as INodeProperties[]) : []));
			for (const field of [...fields.filter((p) => p.type !== 'collection'), ...nested]) {
				expect({ field: field.name, description: field.description }).toEqual({ field: field.name, description: expect.stringMatching(/\S{3}/) });
			}
		},
	);

	it('lists the resources and each resource’s operations alphabetically, as n8n does', () => {
		for (const selector of properties.filter((p) => p.name === 'resource' || p.name === 'operation')) {
			const names = (selector.options as Array<{ name: string }>).map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('makes Chat → Create’s From a list of the account’s numbers that still takes an expression', () => {
		const from = fieldsOf('chat', 'create').find((p) => p.name === 'from');
		expect(from).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'getPhoneNumbers' } });
		expect(from?.noDataExpression).toBeUndefined();
		expect(new Chert().methods.loadOptions).toEqual({ getPhoneNumbers: expect.any(Function), getPhoneLines: expect.any(Function) });
	});
});
