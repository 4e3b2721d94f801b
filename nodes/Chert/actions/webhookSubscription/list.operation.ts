import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../descriptions/displayOptions';
import { chertApiRequest } from '../../../shared/transport/chert.api';
import type { ChertRequest } from '../../../shared/transport/request.types';
import type { ChertExecute } from '../operation.types';
import { requestOptions } from '../options.description';
import { subscriptionOutput, subscriptionRowsOf } from './rows';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether to keep only the active subscriptions (on) or only the inactive ones (off)',
			},
		],
	},
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['webhookSubscription'], operation: ['list'] }, properties);

export function prepare(): ChertRequest {
	return { method: 'GET', endpoint: '/webhook-subscriptions' };
}

/** Chert documents no filter for this list, so Active is applied to its answer here. */
export const execute: ChertExecute = async function (request, itemIndex, delivery) {
	const response = await chertApiRequest.call(this, request, itemIndex, delivery);
	const { active } = this.getNodeParameter('filters', itemIndex, {}) as { active?: boolean };
	const rows = subscriptionRowsOf(response);
	return { subscriptions: active === undefined ? rows : rows.filter((row) => (row.is_active !== false) === active) };
};

/** One item per subscription, never with its secret. */
export function toOutput(response: Record<string, unknown>): IDataObject[] {
	return subscriptionRowsOf(response).map(subscriptionOutput);
}
