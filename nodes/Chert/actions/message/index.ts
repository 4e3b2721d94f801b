import type { INodeProperties } from 'n8n-workflow';

import { EDIT_WINDOW_MINUTES } from '../../schemas/limits';
import type { OperationsOf } from '../node.type';
import * as edit from './edit.operation';
import * as get from './get.operation';
import * as react from './react.operation';
import * as send from './send.operation';
import * as sendToPhoneNumber from './sendToPhoneNumber.operation';

export const operations: OperationsOf<'message'> = { edit, get, react, send, sendToPhoneNumber };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Edit',
				value: 'edit',
				description: `Change the text of a message you sent in the last ${EDIT_WINDOW_MINUTES} minutes`,
				action: 'Edit a message',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one message by its ID',
				action: 'Get a message',
			},
			{
				name: 'React',
				value: 'react',
				description: 'Put a tapback (love, like, dislike, laugh, emphasize, question) on a message',
				action: 'React to a message',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send a message in an existing chat',
				action: 'Send a message',
			},
			{
				name: 'Send to Phone Number',
				value: 'sendToPhoneNumber',
				description: 'Text a phone number; Chert finds or starts the chat',
				action: 'Send a message to a phone number',
			},
		],
		default: 'send',
	},
	...edit.description,
	...get.description,
	...react.description,
	...send.description,
	...sendToPhoneNumber.description,
];
