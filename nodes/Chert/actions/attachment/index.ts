import type { INodeProperties } from 'n8n-workflow';

import type { OperationsOf } from '../node.type';
import * as upload from './upload.operation';

export const operations: OperationsOf<'attachment'> = { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['attachment'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file from n8n’s binary data to Chert and get its attachment ID',
				action: 'Upload an attachment',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
