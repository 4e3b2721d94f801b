import type { INodeProperties } from 'n8n-workflow';

import { MESSAGE_HISTORY_LIMIT } from '../../schemas/limits';
import type { OperationsOf } from '../node.type';
import * as create from './create.operation';
import * as getMessages from './getMessages.operation';
import * as markAsRead from './markAsRead.operation';
import * as sendTypingIndicator from './sendTypingIndicator.operation';

export const operations: OperationsOf<'chat'> = { create, getMessages, markAsRead, sendTypingIndicator };

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
			{
				name: 'Get Messages',
				value: 'getMessages',
				description: `Get the ${MESSAGE_HISTORY_LIMIT} newest messages of a chat, oldest first (Chert has no paging yet)`,
				action: 'Get messages of a chat',
			},
			{
				name: 'Mark as Read',
				value: 'markAsRead',
				description: 'Mark the messages you received in a chat as read',
				action: 'Mark a chat as read',
			},
			{
				name: 'Send Typing Indicator',
				value: 'sendTypingIndicator',
				description: 'Show or hide the typing indicator in a chat',
				action: 'Send a typing indicator to a chat',
			},
		],
		default: 'create',
	},
	...create.description,
	...getMessages.description,
	...markAsRead.description,
	...sendTypingIndicator.description,
];
