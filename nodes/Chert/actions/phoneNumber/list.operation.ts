import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../descriptions/displayOptions';
import { chertApiRequest } from '../../../shared/transport/chert.api';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { isActive, phoneNumbersOf } from '../common';
import type { ChertExecute } from '../operation.types';
import { requestOptions } from '../options.description';

const properties: INodeProperties[] = [
	requestOptions({
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out the numbers Chert marks as not active (is_active false)',
	}),
];

export const description = showOnlyFor({ resource: ['phoneNumber'], operation: ['list'] }, properties);

export function prepare(): ChertRequest {
	return { method: 'GET', endpoint: '/phone-numbers' };
}

/** Chert's list has no filter of its own, so Active Only is applied to its answer here. */
export const execute: ChertExecute = async function (request, itemIndex, delivery) {
	const response = await chertApiRequest.call(this, request, itemIndex, delivery);
	const { activeOnly } = this.getNodeParameter('options', itemIndex, {}) as { activeOnly?: boolean };
	return activeOnly ? { ...response, phone_numbers: phoneNumbersOf(response).filter(isActive) } : response;
};

/** One item per number, as Chert describes it. */
export function toOutput(response: Record<string, unknown>): IDataObject[] {
	return phoneNumbersOf(response);
}
