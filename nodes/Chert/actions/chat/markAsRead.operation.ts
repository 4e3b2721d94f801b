import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty } from '../../descriptions/fields.description';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { chatOnlyRequest, withIds } from '../common';
import { requestOptions } from '../options.description';

const properties: INodeProperties[] = [chatIdProperty('whose received messages to mark as read'), requestOptions()];

export const description = showOnlyFor({ resource: ['chat'], operation: ['markAsRead'] }, properties);

const labels = requestLabels(properties, { chatId: 'chatId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return chatOnlyRequest(this, itemIndex, labels, 'POST', 'mark-read');
}

export const toOutput = withIds;
