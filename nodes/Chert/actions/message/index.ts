import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as send from './send.operation';

export const operations: OperationsOf<'message'> = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a message in an existing chat',
				action: 'Send a message',
			},
		],
		default: 'send',
	},
	...send.description,
];
