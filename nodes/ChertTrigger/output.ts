import type { IDataObject, INodeExecutionData, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { triggerOutput } from '../shared/delivery/envelope';
import { downloadMedia } from '../shared/delivery/media';

import { DEFAULT_BINARY_PREFIX } from './description';

/** The item one event starts the workflow with, whichever way it arrived; its media downloaded when asked. */
export async function outputItem(
	this: IWebhookFunctions | ITriggerFunctions,
	envelope: IDataObject,
): Promise<INodeExecutionData> {
	const json = triggerOutput(envelope);
	const options = this.getNodeParameter('options', {}) as { downloadMedia?: boolean; binaryPropertyPrefix?: string };
	if (!options.downloadMedia) return { json };
	const binary = await downloadMedia.call(
		this,
		json.media as IDataObject[],
		options.binaryPropertyPrefix || DEFAULT_BINARY_PREFIX,
	);
	return Object.keys(binary).length > 0 ? { json, binary } : { json };
}
