import type { INodeProperties } from 'n8n-workflow';

import { E164_EXAMPLE } from '../../schemas/limits';

/** The member Add Participant and Remove Participant act on; `purpose` completes "The person …". */
export function participantAddressProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Address',
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: E164_EXAMPLE,
		description: `The person ${purpose}: their phone number in E.164 format (e.g. ${E164_EXAMPLE}) or their iMessage email address`,
	};
}
