import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as chat from './actions/chat';
import * as message from './actions/message';
import { router } from './actions/router';

export class Chert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chert',
		name: 'chert',
		icon: { light: 'file:chert.svg', dark: 'file:chert.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Text your customers over iMessage with Chert',
		documentationUrl: 'https://docs.trychert.com',
		defaults: { name: 'Chert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chertApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Chat', value: 'chat' },
					{ name: 'Message', value: 'message' },
				],
				default: 'chat',
			},
			...chat.description,
			...message.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
