import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { subscriptionRequest } from '../../schemas/webhookSubscription';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { idEndpoint } from '../common';
import type { ChertExecute } from '../operation.types';
import { singleAttemptOptions } from '../options.description';
import { sendOnce } from '../sendOnce';
import { deletionOutput, withoutSecrets } from './rows';
import { subscriptionIdProperty } from './subscriptionId.description';

const properties: INodeProperties[] = [subscriptionIdProperty('to delete'), singleAttemptOptions()];

export const description = showOnlyFor({ resource: ['webhookSubscription'], operation: ['delete'] }, properties);

const labels = requestLabels(properties, { subscriptionId: 'subscriptionId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return { method: 'DELETE', endpoint: idEndpoint(this, itemIndex, labels, subscriptionRequest, 'subscriptionId', 'webhook-subscriptions'), repeatable: false };
}

/**
 * Chert does not document DELETE as idempotent (nor its answer): sent once, and the answer
 * passed on as it came; an empty one becomes `{ deleted: true, id }`.
 */
export const execute: ChertExecute = async function (request, itemIndex, delivery) {
	const response = await sendOnce.call(this, request, itemIndex, delivery);
	return deletionOutput(response, String(this.getNodeParameter('subscriptionId', itemIndex, '')).trim());
};

export function toOutput(response: Record<string, unknown>): IDataObject {
	return withoutSecrets(response) as IDataObject;
}
