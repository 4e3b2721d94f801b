import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as create from './create.operation';

export const operations: OperationsOf<'chat'> = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a direct or group chat with its first message',
				action: 'Create a chat',
			},
		],
		default: 'create',
	},
	...create.description,
];
