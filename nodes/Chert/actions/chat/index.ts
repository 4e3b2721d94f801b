import type { INodeProperties } from 'n8n-workflow';

import { MESSAGE_HISTORY_LIMIT } from '../../schemas/limits';
import type { OperationsOf } from '../node.type';
import * as addParticipant from './addParticipant.operation';
import * as create from './create.operation';
import * as getMessages from './getMessages.operation';
import * as markAsRead from './markAsRead.operation';
import * as removeParticipant from './removeParticipant.operation';
import * as sendTypingIndicator from './sendTypingIndicator.operation';
import * as updateGroup from './updateGroup.operation';

export const operations: OperationsOf<'chat'> = {
	addParticipant,
	create,
	getMessages,
	markAsRead,
	removeParticipant,
	sendTypingIndicator,
	updateGroup,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Add Participant',
				value: 'addParticipant',
				description: 'Add a person to a group chat (adding a member again changes nothing)',
				action: 'Add a participant to a group chat',
			},
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
				name: 'Remove Participant',
				value: 'removeParticipant',
				description: 'Remove a person from a group chat (never repeated automatically)',
				action: 'Remove a participant from a group chat',
			},
			{
				name: 'Send Typing Indicator',
				value: 'sendTypingIndicator',
				description: 'Show or hide the typing indicator in a chat',
				action: 'Send a typing indicator to a chat',
			},
			{
				name: 'Update Group',
				value: 'updateGroup',
				description: 'Rename a group chat and/or change its icon',
				action: 'Update a group chat',
			},
		],
		default: 'create',
	},
	...addParticipant.description,
	...create.description,
	...getMessages.description,
	...markAsRead.description,
	...removeParticipant.description,
	...sendTypingIndicator.description,
	...updateGroup.description,
];
