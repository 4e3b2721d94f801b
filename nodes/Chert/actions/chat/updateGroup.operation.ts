import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty } from '../../descriptions/fields.description';
import { validateRequest } from '../../helpers/validate';
import { updateGroupRequest } from '../../schemas/group';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { requestOptions } from '../options.description';

const properties: INodeProperties[] = [
	chatIdProperty('of the group to update'),
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		description: 'The group’s new name. Leave empty to keep the current one; give this, a Group Chat Icon, or both.',
	},
	{
		displayName: 'Group Chat Icon',
		name: 'groupChatIcon',
		type: 'string',
		default: '',
		placeholder: 'https://cdn.example.com/icon.png',
		description: 'An https URL of the group’s new picture. Leave empty to keep the current one.',
	},
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['chat'], operation: ['updateGroup'] }, properties);

const labels = requestLabels(properties, {
	chatId: 'chatId',
	'body.display_name': 'displayName',
	'body.group_chat_icon': 'groupChatIcon',
});
labels.body = `${labels['body.display_name']}" or "${labels['body.group_chat_icon']}`;

/** An empty field is left out, so only what the user filled in changes. */
function given(value: unknown): unknown {
	return value === '' || value === null ? undefined : value;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { chatId, body } = validateRequest.call(
		this,
		updateGroupRequest,
		{
			chatId: this.getNodeParameter('chatId', itemIndex, ''),
			body: {
				display_name: given(this.getNodeParameter('displayName', itemIndex, '')),
				group_chat_icon: given(this.getNodeParameter('groupChatIcon', itemIndex, '')),
			},
		},
		labels,
		itemIndex,
	);
	// Chert documents the update as idempotent (last write wins), so the transport may repeat it.
	return { method: 'PUT', endpoint: `/chats/${encodeURIComponent(chatId)}`, body };
}

/** Chert's `{ chat: { id, display_name, group_chat_icon, is_group } }` with `chatId` on top. */
export const toOutput = withIds;
