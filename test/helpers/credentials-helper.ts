/**
 * Test CredentialsHelper: n8n-core calls this (via `additionalData.credentialsHelper`) for
 * everything credential-related during an execution. Unlike n8n's nodes-testing helper
 * (which only supports function-style `authenticate`), this one mirrors the CLI's
 * `packages/cli/src/credentials-helper.ts`:
 *
 * - `getDecrypted` returns the test data for the type, with the credential type's property
 *   defaults applied and `={{ ... }}` expressions in the data resolved (CLI:
 *   `applyDefaultsAndOverwrites`), and throws like the CLI when no data exists.
 * - `authenticate` applies a function `authenticate` or a generic declarative one
 *   (`{ type: 'generic', properties: { headers | qs | body | auth: {...} } }`), resolving each
 *   key and value as an expression with `$credentials` = the decrypted data.
 * - `preAuthentication` runs the credential's `preAuthentication` when its `expirable`
 *   hidden property is empty or the token expired, and persists the result in memory.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	IExecuteData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	isExpression,
} from 'n8n-workflow';
import { getAdditionalKeys } from 'n8n-core';

import { TestCredentialTypes } from './credential-types';
import { NO_OP_TYPE, TestNodeTypes } from './node-types';

export interface CredentialUpdate {
	type: string;
	nodeCredentials: INodeCredentialsDetails;
	data: ICredentialDataDecryptedObject;
}

/**
 * Unencrypted ICredentials. (n8n-core's `Credentials` would need a Cipher with a configured
 * encryption-key provider - "Encryption key provider is not configured" in 2.41 - which is
 * DB-backed in n8n; nothing here needs real encryption.)
 */
export class PlainCredentials extends ICredentials {
	private plain: ICredentialDataDecryptedObject;

	constructor(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject = {},
	) {
		super(nodeCredentials, type);
		this.plain = data;
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return structuredClone(this.plain);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.plain) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.plain = structuredClone(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const next = { ...this.plain, ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.plain = next;
	}
}

const mockNode: INode = {
	id: 'credentials-mock-node',
	name: '',
	typeVersion: 1,
	type: NO_OP_TYPE,
	position: [0, 0],
	parameters: {},
};

export class TestCredentialsHelper extends ICredentialsHelper {
	private credentialsByType: Record<string, ICredentialDataDecryptedObject>;

	/** Every `updateCredentials*` call (e.g. a refreshed token from preAuthentication). */
	readonly updates: CredentialUpdate[] = [];

	/** Every `getDecrypted` call, to assert which credential a node asked for. */
	readonly decryptRequests: Array<{ type: string; nodeCredentials: INodeCredentialsDetails }> = [];

	constructor(
		readonly credentialTypes: TestCredentialTypes,
		credentials: Record<string, ICredentialDataDecryptedObject> = {},
	) {
		super();
		this.credentialsByType = structuredClone(credentials);
	}

	setCredentials(credentials: Record<string, ICredentialDataDecryptedObject>): void {
		this.credentialsByType = structuredClone(credentials);
	}

	/** Current stored (raw) data for a type, including in-memory updates. */
	getStored(type: string): ICredentialDataDecryptedObject | undefined {
		return this.credentialsByType[type];
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
					const valueResolved = this.resolveValue(
						value as string,
						{ $credentials: credentials },
						workflow,
						node,
					);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirableProperty.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirableProperty.name] === undefined) return undefined;

		if (node.credentials) {
			const nodeCredentials = node.credentials[credentialType.name];
			await this.updateCredentials(nodeCredentials, credentialType.name, {
				...(this.credentialsByType[credentialType.name] ?? {}),
				...output,
			});
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.credentialsByType[type];
		if (data === undefined) throw this.notFound(nodeCredentials, type);
		return new PlainCredentials(nodeCredentials, type, structuredClone(data));
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptRequests.push({ type, nodeCredentials });
		const stored = this.credentialsByType[type];
		if (stored === undefined) throw this.notFound(nodeCredentials, type);
		// A fresh copy per call, as the CLI decrypts from the DB each time.
		const data = structuredClone(stored);
		if (raw === true) return data;
		return this.applyDefaults(additionalData, data, type, mode, executeData, expressionResolveValues);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.updates.push({ type, nodeCredentials, data: structuredClone(data) });
		this.credentialsByType[type] = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const merged = { ...(this.credentialsByType[type] ?? {}), oauthTokenData: data.oauthTokenData };
		await this.updateCredentials(nodeCredentials, type, merged);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialTypeData.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialTypeData.extends) {
			if (!this.credentialTypes.recognizes(parent)) continue;
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialTypeData.properties);
		return combined;
	}

	/** CLI `applyDefaultsAndOverwrites` without the overwrites / external-secrets parts. */
	private async applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		let decrypted = NodeHelpers.getNodeParameters(
			properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
			return decrypted;
		}

		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: new TestNodeTypes(),
		});
		return workflow.expression.getComplexParameterValue(
			mockNode,
			decrypted as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			decrypted,
		) as ICredentialDataDecryptedObject;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	private notFound(nodeCredentials: INodeCredentialsDetails, type: string): Error {
		// Same message as the CLI's CredentialNotFoundError.
		return new UserError(
			`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}".`,
		);
	}
}
