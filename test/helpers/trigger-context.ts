/**
 * n8n-core's own TriggerContext for one node standing alone in a workflow, the context a
 * trigger's `trigger()` gets from n8n: credentials through the CredentialsHelper (the
 * credential's real `authenticate`), real outbound HTTP.
 */
import { TriggerContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	ICredentialType,
	INode,
	ITriggerFunctions,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialTypes } from './credential-types';
import { TestCredentialsHelper } from './credentials-helper';
import { LOCAL_N8N_URLS, setupN8nRuntime } from './n8n-runtime';
import { TestNodeTypes, type NodeTypesInput } from './node-types';

export interface TriggerContextRequest {
	node: INode;
	nodeTypes: NodeTypesInput;
	credentialTypes: ICredentialType[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	emit?: ITriggerFunctions['emit'];
	emitError?: ITriggerFunctions['emitError'];
	mode?: 'trigger' | 'manual';
	/** The workflow's static data as n8n loaded it; what the node writes there shows in this object. */
	staticData?: IDataObject;
}

export function triggerContext(request: TriggerContextRequest): TriggerContext {
	setupN8nRuntime();
	const nodeTypes = new TestNodeTypes(request.nodeTypes);
	const node = structuredClone(request.node);
	for (const name of Object.keys(request.credentials)) {
		node.credentials = { ...node.credentials, [name]: { id: name, name } };
	}
	const workflow = new Workflow({
		id: 'test-trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: request.staticData,
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(new TestCredentialTypes(request.credentialTypes), request.credentials),
		...LOCAL_N8N_URLS,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const mode = request.mode ?? 'trigger';
	return new TriggerContext(
		workflow,
		node,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		request.emit ?? (() => {}),
		request.emitError ?? (() => {}),
	);
}
