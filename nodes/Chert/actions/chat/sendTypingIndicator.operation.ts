import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty } from '../../descriptions/fields.description';
import { validateRequest } from '../../helpers/validate';
import { sendTypingIndicatorRequest, TYPING_STATES, typingStateValues } from '../../schemas/chat';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { requestOptions } from '../options.description';

const properties: INodeProperties[] = [
	chatIdProperty('to show or hide the typing indicator in'),
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		required: true,
		default: 'typing',
		description: 'What the customer sees in the chat: typing shows the typing indicator, stopped hides it',
		options: typingStateValues.map((value) => ({ value, ...TYPING_STATES[value] })),
	},
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['chat'], operation: ['sendTypingIndicator'] }, properties);

const labels = requestLabels(properties, { chatId: 'chatId', 'body.state': 'state' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { chatId, body } = validateRequest.call(
		this,
		sendTypingIndicatorRequest,
		{ chatId: this.getNodeParameter('chatId', itemIndex, ''), body: { state: this.getNodeParameter('state', itemIndex) } },
		labels,
		itemIndex,
	);
	return { method: 'POST', endpoint: `/chats/${encodeURIComponent(chatId)}/typing`, body };
}

export const toOutput = withIds;
