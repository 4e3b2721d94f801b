import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as send from './send.operation';

export const operations: OperationsOf<'location'> = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['location'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a location pin to a chat or a phone number',
				action: 'Send a location',
			},
		],
		default: 'send',
	},
	...send.description,
];
