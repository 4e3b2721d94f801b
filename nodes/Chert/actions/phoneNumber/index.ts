import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as list from './list.operation';

export const operations: OperationsOf<'phoneNumber'> = { list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'List',
				value: 'list',
				description: 'List the phone numbers of your Chert account, one item per number',
				action: 'List phone numbers',
			},
		],
		default: 'list',
	},
	...list.description,
];
