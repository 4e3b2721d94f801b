import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export const operations: OperationsOf<'webhookSubscription'> = { delete: deleteOperation, get, list, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhookSubscription'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a webhook subscription, e.g. one left behind by an old n8n URL (never repeated automatically)',
				action: 'Delete a webhook subscription',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one webhook subscription (never with its secret)',
				action: 'Get a webhook subscription',
			},
			{
				name: 'List',
				value: 'list',
				description: 'List the webhook subscriptions of your Chert account, one item per subscription',
				action: 'List webhook subscriptions',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Turn a webhook subscription on or off (never repeated automatically)',
				action: 'Update a webhook subscription',
			},
		],
		default: 'list',
	},
	...deleteOperation.description,
	...get.description,
	...list.description,
	...update.description,
];
