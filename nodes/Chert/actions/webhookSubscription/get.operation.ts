import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestLabels, showOnlyFor } from '../../descriptions/displayOptions';
import type { ChertRequest } from '../../../shared/transport/request.types';
import { requestOptions } from '../options.description';
import { subscriptionOf, subscriptionOutput } from './rows';
import { subscriptionEndpoint } from './subscriptionEndpoint';
import { subscriptionIdProperty } from './subscriptionId.description';

const properties: INodeProperties[] = [subscriptionIdProperty('to get'), requestOptions()];

export const description = showOnlyFor({ resource: ['webhookSubscription'], operation: ['get'] }, properties);

const labels = requestLabels(properties, { subscriptionId: 'subscriptionId' });

export function prepare(this: IExecuteFunctions, itemIndex: number): ChertRequest {
	return { method: 'GET', endpoint: subscriptionEndpoint.call(this, itemIndex, labels) };
}

export function toOutput(response: Record<string, unknown>): IDataObject {
	return subscriptionOutput(subscriptionOf(response));
}
