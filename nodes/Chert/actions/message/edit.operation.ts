import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { messageIdProperty } from '../../descriptions/fields.description';
import { validateRequest } from '../../helpers/validate';
import { EDIT_WINDOW_MINUTES, MAX_PARTS } from '../../schemas/limits';
import { editMessageRequest } from '../../schemas/message';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { singleAttemptOptions } from '../options.description';

const properties: INodeProperties[] = [
	{
		displayName: `Chert edits only messages you sent (outbound), and only within ${EDIT_WINDOW_MINUTES} minutes of sending them`,
		name: 'editNotice',
		type: 'notice',
		default: '',
	},
	messageIdProperty(`to edit (one you sent, less than ${EDIT_WINDOW_MINUTES} minutes ago)`),
	{
		displayName: 'New Text',
		name: 'newText',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Hi Ana, your order ships tomorrow!',
		description: 'The text that replaces the text of the part being edited, as plain text; it must not be empty',
	},
	singleAttemptOptions({
		displayName: 'Part Index',
		name: 'partIndex',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: MAX_PARTS - 1, numberPrecision: 0 },
		description: 'Which part of the message to edit, counted from 0 (the first part)',
	}),
];

export const description = showOnlyFor({ resource: ['message'], operation: ['edit'] }, properties);

const labels = requestLabels(properties, {
	messageId: 'messageId',
	'body.new_text': 'newText',
	'body.edited_part_index': 'options.partIndex',
});

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as { partIndex?: number };
	const { messageId, body } = validateRequest.call(
		this,
		editMessageRequest,
		{
			messageId: this.getNodeParameter('messageId', itemIndex, ''),
			body: { new_text: this.getNodeParameter('newText', itemIndex), edited_part_index: options.partIndex ?? 0 },
		},
		labels,
		itemIndex,
	);
	// Chert documents edits as not idempotent: an edit that failed or got no answer is not repeated.
	return { method: 'POST', endpoint: `/messages/${encodeURIComponent(messageId)}/edit`, body, repeatable: false };
}

export const toOutput = withIds;
