import type { INodeProperties } from 'n8n-workflow';

import { Chert } from '../../../nodes/Chert/Chert.node';
import { toOutput as eventGetOutput } from '../../../nodes/Chert/actions/event/get.operation';
import { toOutput as eventListOutput } from '../../../nodes/Chert/actions/event/list.operation';
import {
	deletionOutput,
	subscriptionOf,
	subscriptionOutput,
	subscriptionRowsOf,
	withoutSecrets,
} from '../../../nodes/Chert/actions/webhookSubscription/rows';
import { EVENTS_DEFAULT_LIMIT, EVENTS_PAGE_LIMIT } from '../../../nodes/Chert/schemas/limits';

const SECRET = 'a'.repeat(64);

describe('webhook subscription outputs: never a secret', () => {
	it('strips `secret` at any depth, whatever its case, and keeps the rest', () => {
		expect(
			withoutSecrets({ id: 's1', secret: SECRET, nested: { Secret: SECRET, list: [{ secret: SECRET, url: 'https://x' }] } }),
		).toEqual({ id: 's1', nested: { list: [{ url: 'https://x' }] } });
	});

	it('reads one subscription wrapped or bare, with subscriptionId on top', () => {
		const row = { id: 's1', url: 'https://x', is_active: true, secret: SECRET };
		expect(subscriptionOutput(subscriptionOf({ subscription: row }))).toEqual({ subscriptionId: 's1', id: 's1', url: 'https://x', is_active: true });
		expect(subscriptionOutput(subscriptionOf(row))).toEqual({ subscriptionId: 's1', id: 's1', url: 'https://x', is_active: true });
	});

	it('reads the list from `subscriptions` or a bare array, skipping what is not a record', () => {
		expect(subscriptionRowsOf({ subscriptions: [{ id: 's1' }, 'x', null] })).toEqual([{ id: 's1' }]);
		expect(subscriptionRowsOf([{ id: 's2' }])).toEqual([{ id: 's2' }]);
		expect(subscriptionRowsOf({ other: [] })).toEqual([]);
	});

	it('Delete passes Chert’s answer on, and makes an empty one { deleted: true, id }', () => {
		expect(deletionOutput({ id: 's1', deleted: true }, 's1')).toEqual({ subscriptionId: 's1', id: 's1', deleted: true });
		expect(deletionOutput({ ok: true }, 's1')).toEqual({ subscriptionId: 's1', ok: true });
		for (const empty of ['', undefined, {}]) expect(deletionOutput(empty, 's1')).toEqual({ subscriptionId: 's1', deleted: true, id: 's1' });
	});
});

describe('event outputs', () => {
	it('List: one item per row, eventId = the row id (not the payload’s event_id)', () => {
		const row = { id: 'evt_1', event_id: 'chert:msg:1', type: 'message.received' };
		expect(eventListOutput({ events: [row, 'x'], next_cursor: null, count: 2 })).toEqual([{ eventId: 'evt_1', ...row }]);
		expect(eventListOutput({})).toEqual([]);
	});

	it('Get: the row bare or wrapped in `event`', () => {
		const row = { id: 'evt_1', type: 'reaction.added' };
		expect(eventGetOutput(row)).toEqual({ eventId: 'evt_1', ...row });
		expect(eventGetOutput({ event: row })).toEqual({ eventId: 'evt_1', ...row });
	});
});

describe('the node panel of the group, event and subscription operations', () => {
	const properties = new Chert().description.properties;
	const operations: Record<string, string[]> = {
		chat: ['addParticipant', 'removeParticipant', 'updateGroup'],
		event: ['get', 'list', 'replay'],
		webhookSubscription: ['delete', 'get', 'list', 'update'],
	};

	it('offers the resources and operations under the names the issue gives', () => {
		const resources = properties.find((p) => p.name === 'resource')?.options as Array<{ name: string; value: string }>;
		expect(resources).toEqual(
			expect.arrayContaining([
				{ name: 'Event', value: 'event' },
				{ name: 'Webhook Subscription', value: 'webhookSubscription' },
			]),
		);
		const names = (resource: string) =>
			(properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))?.options as Array<{
				name: string;
				value: string;
			}>).map((o) => `${o.name}=${o.value}`);
		expect(names('chat')).toEqual(expect.arrayContaining(['Add Participant=addParticipant', 'Remove Participant=removeParticipant', 'Update Group=updateGroup']));
		expect(names('event')).toEqual(['Get=get', 'List=list', 'Replay=replay']);
		expect(names('webhookSubscription')).toEqual(['Delete=delete', 'Get=get', 'List=list', 'Update=update']);
	});

	it.each(Object.entries(operations).flatMap(([resource, ops]) => ops.map((op) => [resource, op])))(
		'%s → %s: every parameter and option says what it is',
		(resource, operation) => {
			const fields = properties.filter(
				(p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
			);
			expect(fields.length).toBeGreaterThan(0);
			const nested = fields.flatMap((p) => (p.type === 'collection' ? (p.options as INodeProperties[]) : []));
			for (const field of [...fields.filter((p) => p.type !== 'collection'), ...nested]) {
				expect({ field: field.name, description: field.description }).toEqual({ field: field.name, description: expect.stringMatching(/\S{3}/) });
			}
		},
	);

	it('operations Chert does not document as idempotent offer no Max Attempts', () => {
		const optionsOf = (resource: string, operation: string) =>
			(properties.find(
				(p) => p.name === 'options' && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
			)?.options as INodeProperties[]).map((o) => o.name);
		for (const [resource, operation] of [
			['chat', 'removeParticipant'],
			['event', 'replay'],
			['webhookSubscription', 'update'],
			['webhookSubscription', 'delete'],
		]) {
			expect(optionsOf(resource, operation)).not.toContain('maxAttempts');
		}
		expect(optionsOf('chat', 'addParticipant')).toContain('maxAttempts');
		expect(optionsOf('chat', 'updateGroup')).toContain('maxAttempts');
	});

	it('Event → List’s Limit is Chert’s: default and maximum page size', () => {
		const limit = properties.find((p) => p.name === 'limit' && p.displayOptions?.show?.resource?.includes('event'));
		expect(limit).toMatchObject({ default: EVENTS_DEFAULT_LIMIT, typeOptions: { minValue: 1, maxValue: EVENTS_PAGE_LIMIT } });
	});
});
