import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import { subscriptionRequest } from '../../schemas/webhookSubscription';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { idEndpoint } from '../common';
import { requestOptions } from '../options.description';
import { subscriptionOf, subscriptionOutput } from './rows';
import { subscriptionIdProperty } from './subscriptionId.description';

const properties: INodeProperties[] = [subscriptionIdProperty('to get'), requestOptions()];

export const description = showOnlyFor({ resource: ['webhookSubscription'], operation: ['get'] }, properties);

const labels = requestLabels(properties, { subscriptionId: 'subscriptionId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return { method: 'GET', endpoint: idEndpoint(this, itemIndex, labels, subscriptionRequest, 'subscriptionId', 'webhook-subscriptions') };
}

export function toOutput(response: Record<string, unknown>): IDataObject {
	return subscriptionOutput(subscriptionOf(response));
}
