import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { chatIdProperty } from '../../descriptions/fields.description';
import { validateRequest } from '../../helpers/validate';
import { removeParticipantRequest } from '../../schemas/group';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { withIds } from '../common';
import { singleAttemptOptions } from '../options.description';
import { sendOnce } from '../sendOnce';
import { participantAddressProperty } from './participant.description';

const properties: INodeProperties[] = [
	chatIdProperty('of the group to remove someone from'),
	participantAddressProperty('to remove from the group'),
	singleAttemptOptions(),
];

export const description = showOnlyFor({ resource: ['chat'], operation: ['removeParticipant'] }, properties);

const labels = requestLabels(properties, { chatId: 'chatId', address: 'address' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	const { chatId, address } = validateRequest.call(
		this,
		removeParticipantRequest,
		{ chatId: this.getNodeParameter('chatId', itemIndex, ''), address: this.getNodeParameter('address', itemIndex, '') },
		labels,
		itemIndex,
	);
	// No body: with HMAC the signature covers the empty body, as Chert's example does.
	return {
		method: 'DELETE',
		endpoint: `/chats/${encodeURIComponent(chatId)}/participants/${encodeURIComponent(address)}`,
		repeatable: false,
	};
}

/** Chert documents a removal as not idempotent (a second call fails with "not in group"). */
export const execute = sendOnce;

/** Chert's roster answer (`chat_id`, `removed`, `participants`) with `chatId` on top. */
export const toOutput = withIds;
