import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty } from '../../descriptions/fields.description';
import { validateRequest } from '../../helpers/validate';
import { addParticipantRequest } from '../../schemas/group';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { requestOptions } from '../options.description';
import { participantAddressProperty } from './participant.description';

const properties: INodeProperties[] = [
	chatIdProperty('of the group to add someone to'),
	participantAddressProperty('to add to the group'),
	requestOptions(),
];

export const description = showOnlyFor({ resource: ['chat'], operation: ['addParticipant'] }, properties);

const labels = requestLabels(properties, { chatId: 'chatId', 'body.address': 'address' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { chatId, body } = validateRequest.call(
		this,
		addParticipantRequest,
		{ chatId: this.getNodeParameter('chatId', itemIndex, ''), body: { address: this.getNodeParameter('address', itemIndex, '') } },
		labels,
		itemIndex,
	);
	// Chert documents the add as idempotent (a re-add is a no-op), so the transport may repeat it.
	return { method: 'POST', endpoint: `/chats/${encodeURIComponent(chatId)}/participants`, body };
}

/** Chert's roster answer (`chat_id`, `added`, `participants`) with `chatId` on top. */
export const toOutput = withIds;
