import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { validateRequest } from '../../helpers/validate';
import { EVENT_STATUSES, eventStatusValues, listEventsRequest } from '../../schemas/event';
import { EVENTS_PAGE_LIMIT } from '../../schemas/limits';
import { chertApiRequest } from '../../../shared/transport/chert.api';
import type { ChertRequest } from '../../../shared/transport/request.types';
import type { ChertExecute } from '../operation.types';
import { requestOptions } from '../options.description';
import { eventOutput, eventRowsOf } from './rows';

// Defaults are literals for n8n's linter; a unit test holds them equal to schemas/limits.ts.
const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: 200 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Lead ID',
				name: 'leadId',
				type: 'string',
				default: '',
				description: 'Only the events of this lead (Chert’s lead_id)',
			},
			{
				displayName: 'Since',
				name: 'since',
				type: 'dateTime',
				default: '',
				description: 'Only events created after this moment (ISO 8601)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'delivered',
				description: 'Only events whose delivery has this status',
				options: eventStatusValues.map((value) => ({ value, ...EVENT_STATUSES[value] })),
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'string',
				default: '',
				placeholder: 'message.received',
				description: 'Only events of this type, e.g. message.received, reaction.added, reaction.removed, lead_reply',
			},
		],
	},
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['event'], operation: ['list'] }, properties);

const labels = requestLabels(properties, {
	'qs.type': 'filters.type',
	'qs.status': 'filters.status',
	'qs.lead_id': 'filters.leadId',
	'qs.since': 'filters.since',
	'qs.limit': 'limit',
});

/** An empty filter is no filter. */
function given(value: unknown): unknown {
	return value === '' || value === null ? undefined : value;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { qs } = validateRequest.call(
		this,
		listEventsRequest,
		{
			qs: {
				type: given(filters.type),
				status: given(filters.status),
				lead_id: given(filters.leadId),
				since: given(filters.since),
				limit: returnAll ? EVENTS_PAGE_LIMIT : this.getNodeParameter('limit', itemIndex, 50),
			},
		},
		labels,
		itemIndex,
	);
	const query = Object.fromEntries(Object.entries(qs).filter(([, value]) => value !== undefined)) as IDataObject;
	return { method: 'GET', endpoint: '/events', qs: query };
}

/**
 * One page with Limit; with Return All, every page, following `next_cursor` until Chert
 * answers null. Each input item is its own query.
 */
export const execute: ChertExecute = async function (request, itemIndex, delivery) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const events: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const page = await chertApiRequest.call(
			this,
			{ ...request, qs: { ...request.qs, ...(cursor === undefined ? {} : { cursor }) } },
			itemIndex,
			delivery,
		);
		events.push(...eventRowsOf(page));
		const next = page.next_cursor;
		if (!returnAll || typeof next !== 'string' || next === '') break;
		if (seen.has(next)) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: Chert answered the same next_cursor twice`, {
				itemIndex,
				description: `The events read so far are not output, since the list would never end. Cursor: ${next}`,
			});
		}
		seen.add(next);
		cursor = next;
	}
	return { events };
};

/** One item per event, newest first as Chert lists them. */
export function toOutput(response: Record<string, unknown>): IDataObject[] {
	return eventRowsOf(response).map(eventOutput);
}
