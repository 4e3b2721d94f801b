import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as get from './get.operation';
import * as list from './list.operation';
import * as replay from './replay.operation';

export const operations: OperationsOf<'event'> = { get, list, replay };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one event Chert logged, with every delivery attempt',
				action: 'Get an event',
			},
			{
				name: 'List',
				value: 'list',
				description: 'List the events Chert logged for your webhooks, newest first, one item per event',
				action: 'List events',
			},
			{
				name: 'Replay',
				value: 'replay',
				description: 'Deliver an event to a webhook again (never repeated automatically)',
				action: 'Replay an event',
			},
		],
		default: 'list',
	},
	...get.description,
	...list.description,
	...replay.description,
];
