/**
 * Calls a node's `methods.loadOptions` method the way the n8n editor does: with n8n-core's
 * own LoadOptionsContext (credentials through the CredentialsHelper, real outbound HTTP),
 * for one node standing alone in a workflow.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INode,
	INodePropertyOptions,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import { TestCredentialTypes } from './credential-types';
import { TestCredentialsHelper } from './credentials-helper';
import { LOCAL_N8N_URLS, setupN8nRuntime } from './n8n-runtime';
import { TestNodeTypes, type NodeTypesInput } from './node-types';

export interface LoadOptionsRequest {
	node: INode;
	method: string;
	nodeTypes: NodeTypesInput;
	credentialTypes: ICredentialType[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The parameter being filled, as the editor names it (e.g. `parameters.from`). */
	path?: string;
}

export async function loadOptions(request: LoadOptionsRequest): Promise<INodePropertyOptions[]> {
	setupN8nRuntime();
	const nodeTypes = new TestNodeTypes(request.nodeTypes);
	const node = structuredClone(request.node);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	for (const { name } of nodeType.description.credentials ?? []) {
		if (request.credentials[name] !== undefined) node.credentials = { ...node.credentials, [name]: { id: name, name } };
	}
	const method = nodeType.methods?.loadOptions?.[request.method];
	if (!method) throw new UnexpectedError(`Node type "${node.type}" has no loadOptions method "${request.method}"`);

	const workflow = new Workflow({
		id: 'test-load-options',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(new TestCredentialTypes(request.credentialTypes), request.credentials),
		currentNodeParameters: node.parameters,
		...LOCAL_N8N_URLS,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, request.path ?? 'parameters');
	return await method.call(context);
}
