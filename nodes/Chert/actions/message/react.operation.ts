import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { messageIdProperty } from '../../descriptions/fields.description';
import { validateRequest } from '../../helpers/validate';
import { reactionValues, REACTIONS, reactRequest } from '../../schemas/message';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { singleAttemptOptions } from '../options.description';

const properties: INodeProperties[] = [
	messageIdProperty('to react to'),
	{
		displayName: 'Reaction',
		name: 'reaction',
		type: 'options',
		required: true,
		default: 'love',
		description: 'The tapback to put on the message: one of love, like, dislike, laugh, emphasize, question',
		options: reactionValues.map((value) => ({ value, ...REACTIONS[value] })),
	},
	singleAttemptOptions(),
];

export const description = showOnlyFor({ resource: ['message'], operation: ['react'] }, properties);

const labels = requestLabels(properties, { messageId: 'messageId', 'body.reaction': 'reaction' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { messageId, body } = validateRequest.call(
		this,
		reactRequest,
		{
			messageId: this.getNodeParameter('messageId', itemIndex, ''),
			body: { reaction: this.getNodeParameter('reaction', itemIndex) },
		},
		labels,
		itemIndex,
	);
	// Chert documents reactions as not idempotent: a repeat after a lost answer could react twice.
	return { method: 'POST', endpoint: `/messages/${encodeURIComponent(messageId)}/react`, body, repeatable: false };
}

export const toOutput = withIds;
