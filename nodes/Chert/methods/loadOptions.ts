import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { isActive, phoneNumbersOf } from '../actions/common';
import { chertApiRequest } from '../../shared/transport/chert.api';

/** The account's active numbers, named by the number itself, with the line id to tell them apart. */
async function activeNumberOptions(
	context: ILoadOptionsFunctions,
	valueOf: (phoneNumber: IDataObject) => unknown,
): Promise<INodePropertyOptions[]> {
	const response = await chertApiRequest.call(context, { method: 'GET', endpoint: '/phone-numbers' });
	return phoneNumbersOf(response)
		.filter(isActive)
		.map((phoneNumber) => ({
			name: String(phoneNumber.phone_number),
			value: String(valueOf(phoneNumber)),
			description: `Phone line ${String(phoneNumber.phone_line_id)}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Chat → Create's From: the value is the E.164 number Chert takes as `from`. */
export async function getPhoneNumbers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await activeNumberOptions(this, (phoneNumber) => phoneNumber.phone_number);
}

/** Send to Phone Number's Phone Line: the value is the `phone_line_id` Chert takes. */
export async function getPhoneLines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await activeNumberOptions(this, (phoneNumber) => phoneNumber.phone_line_id);
}
