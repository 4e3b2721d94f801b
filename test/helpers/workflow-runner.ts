/**
 * Runs a saved-workflow-shaped JSON through n8n-core's real execution engine
 * (`WorkflowExecute.processRunExecutionData`), the way n8n's own
 * `packages/core/nodes-testing/node-test-harness.ts` does, with:
 *  - our node classes registered under their install names (`n8n-nodes-chert.chert`),
 *  - stand-ins for `n8n-nodes-base.manualTrigger` and `n8n-nodes-base.noOp`,
 *  - a CredentialsHelper that applies the credential type's real `authenticate` block,
 *  - real outbound HTTP (n8n-core's OutboundHttp / axios), so point nodes at a local server,
 *  - every log line n8n emits captured (`result.logs`).
 *
 * Example:
 *   const result = await runWorkflow({
 *     workflow: { nodes: [...], connections: {...} },
 *     nodeTypes: [new Chert()],
 *     credentialTypes: [new ChertApi()],
 *     credentials: { chertApi: { signingSecret: 'sk_test', baseUrl: server.url } },
 *     inputItems: [{ json: { chatId: 'c_1' } }],
 *   });
 *   expect(result.error).toBeUndefined();
 *   expect(result.json('Chert')).toEqual([...]);
 */
import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPairedItemData,
	IPinData,
	IRun,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError, Workflow, createRunExecutionData } from 'n8n-workflow';

import type { CapturedLogEntry } from './capturing-logger';
import { TestCredentialTypes } from './credential-types';
import { TestCredentialsHelper } from './credentials-helper';
import { setupN8nRuntime } from './n8n-runtime';
import type { NodeTypesInput } from './node-types';
import { MANUAL_TRIGGER_TYPE, ManualTriggerStandIn, PACKAGE_NAME, TestNodeTypes } from './node-types';

/** Shape of an exported n8n workflow (only nodes + connections are required). */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

export interface RunWorkflowOptions {
	workflow: WorkflowJson;
	/** Node classes instances (or full type name -> instance). Stand-ins are always present. */
	nodeTypes?: NodeTypesInput;
	credentialTypes?: ICredentialType[];
	/** Test credential data per credential type name, e.g. `{ chertApi: { signingSecret } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/**
	 * Items the start node emits / receives. For the Manual Trigger stand-in these are what
	 * it outputs (default one empty item); for any other start node they are its input.
	 * Plain objects are wrapped as `{ json }`; objects with an object `json` key are taken as items.
	 */
	inputItems?: Array<INodeExecutionData | IDataObject>;
	/** Name of the node to start from. Default: n8n's `workflow.getStartNode()`. */
	startNode?: string;
	/** Default `'manual'` (editor "Execute workflow"); `'trigger'` for a production run. */
	mode?: WorkflowExecuteMode;
	/**
	 * Add `node.credentials[type] = { id: type, name: type }` to each node whose type
	 * declares a credential for which `credentials` has data and the node has none set.
	 * Default true; set false to test "no credentials set" paths.
	 */
	autoAssignCredentials?: boolean;
	/** Prefix for instances in `nodeTypes` (default `n8n-nodes-chert`). */
	packageName?: string;
	/** `$vars` available to expressions. */
	variables?: IDataObject;
	/**
	 * Runs as n8n's retry of this failed run (Executions list → Retry, `ExecutionService.retry`
	 * in n8n 2.41): a new execution (new id, mode `retry`) started from the failed run's data
	 * as n8n saves it (JSON), without its error and without the failed node's last run, so it
	 * resumes at the node that failed with that node's saved context.
	 */
	retryOf?: IRun;
}

/**
 * One output item, as n8n stores it: `{ json, pairedItem?, binary?, error? }`. With
 * continueOnFail / onError the error item is whatever the node pushed (conventionally
 * `{ json: { error: message }, pairedItem: { item: i } }`). If `execute()` itself throws
 * while continueOnFail is on, n8n does NOT build error items: the node's output is its
 * input items passed through, `nodes[name].error` holds the error and the next nodes run
 * (if that node is the last one executed, the run still ends with status 'error').
 */
export type OutputItem = INodeExecutionData;

export interface NodeRunSummary {
	/** All runs of this node (`runData[nodeName]`), raw. */
	runs: ITaskData[];
	/** Main outputs of the first run: `outputs[outputIndex]` = items. */
	outputs: OutputItem[][];
	/** `outputs[0]` (the first main output) of the first run, or `[]`. */
	items: OutputItem[];
	/**
	 * The node's execution error (first run), if the node failed (and did not continue).
	 * A plain-object copy of the thrown error (see `describeError`), not a class instance.
	 */
	error?: ITaskData['error'];
	executionStatus?: ExecutionStatus;
}

export interface RunResult {
	/** The raw IRun returned by WorkflowExecute. */
	run: IRun;
	status: ExecutionStatus;
	finished: boolean;
	/**
	 * `run.data.resultData.error`: the error that stopped the workflow (undefined on success).
	 * A plain-object copy of the thrown error (see `describeError`), not a class instance.
	 */
	error?: IRun['data']['resultData']['error'];
	lastNodeExecuted?: string;
	/** Node names in the order their execution finished (`nodeExecuteAfter` hook). */
	executionOrder: string[];
	/** Per node name: its run data. Nodes that did not run are absent. */
	nodes: Record<string, NodeRunSummary>;
	/** Log lines emitted during this run (all levels, metadata rendered deeply). */
	logs: string[];
	logEntries: CapturedLogEntry[];
	credentialsHelper: TestCredentialsHelper;
	/** Items of output `outputIndex` of `nodeName` (throws when the node did not run). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): OutputItem[];
	/** `output(...).map(i => i.json)`. */
	json(nodeName: string, outputIndex?: number, runIndex?: number): IDataObject[];
	/** `output(...).map(i => i.pairedItem)`. */
	pairedItems(
		nodeName: string,
		outputIndex?: number,
	): Array<IPairedItemData | IPairedItemData[] | number | undefined>;
}

function toItem(item: INodeExecutionData | IDataObject): INodeExecutionData {
	return 'json' in item && typeof item.json === 'object' && item.json !== null
		? (item as INodeExecutionData)
		: { json: item as IDataObject };
}

export function assignCredentials(
	nodes: INode[],
	nodeTypes: TestNodeTypes,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): void {
	for (const node of nodes) {
		if (!nodeTypes.has(node.type)) continue;
		const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
		for (const { name } of description.credentials ?? []) {
			if (credentials[name] === undefined) continue;
			node.credentials ??= {};
			node.credentials[name] ??= { id: name, name };
		}
	}
}

function summarize(runs: ITaskData[]): NodeRunSummary {
	const first = runs[0];
	const outputs = (first?.data?.main ?? []).map((items) => items ?? []);
	return {
		runs,
		outputs,
		items: outputs[0] ?? [],
		error: first?.error,
		executionStatus: first?.executionStatus,
	};
}

/** Base URLs n8n derives from N8N_HOST/N8N_PORT/WEBHOOK_URL; the webhook ones can be overridden. */
export interface TestUrls {
	webhookBaseUrl?: string;
	webhookTestBaseUrl?: string;
}

/**
 * The `additionalData` n8n hands to every node context of one execution (or one webhook
 * call), with what the test runtime cannot do refusing clearly.
 */
export function testAdditionalData(options: {
	credentialsHelper: TestCredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	workflowId: string;
	variables?: IDataObject;
	urls?: TestUrls;
	extra?: Record<string, unknown>;
}): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the test workflow runner`);
	};
	return {
		hooks: options.hooks,
		credentialsHelper: options.credentialsHelper,
		executionId: options.executionId,
		workflowId: options.workflowId,
		userId: 'test-user',
		currentNodeExecutionIndex: 0,
		currentNodeParameters: undefined,
		variables: options.variables ?? {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: options.urls?.webhookBaseUrl ?? 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: options.urls?.webhookTestBaseUrl ?? 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		executeWorkflow: notAvailable('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notAvailable('startRunnerTask (Code node task runner)'),
		...options.extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	const { logger } = setupN8nRuntime();
	const logStart = logger.entries.length;

	const mode = options.mode ?? 'manual';
	const packageName = options.packageName ?? PACKAGE_NAME;
	const credentials = options.credentials ?? {};
	const inputItems = options.inputItems?.map(toItem);

	const nodeTypes = new TestNodeTypes(options.nodeTypes, packageName);
	if (inputItems) nodeTypes.register(MANUAL_TRIGGER_TYPE, new ManualTriggerStandIn(inputItems));
	const credentialTypes = new TestCredentialTypes(options.credentialTypes ?? []);
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, credentials);

	// n8n mutates node objects (parameters get defaults); never touch the caller's JSON.
	const workflowJson = structuredClone(options.workflow);
	for (const node of workflowJson.nodes) {
		node.id ??= randomUUID();
		if (!nodeTypes.has(node.type)) {
			throw new UnexpectedError(
				`Workflow node "${node.name}" has type "${node.type}" which is not registered. ` +
					`Registered: ${nodeTypes.names().join(', ')}`,
			);
		}
	}
	if (options.autoAssignCredentials ?? true) {
		assignCredentials(workflowJson.nodes, nodeTypes, credentials);
	}

	const workflowData: IWorkflowBase = {
		id: workflowJson.id ?? 'test-workflow',
		name: workflowJson.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		settings: { executionOrder: 'v1', ...(workflowJson.settings ?? {}) },
		staticData: workflowJson.staticData,
		pinData: workflowJson.pinData,
	};

	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
		staticData: workflowData.staticData,
		pinData: workflowData.pinData,
	});

	const startNode = options.startNode
		? workflow.getNode(options.startNode)
		: workflow.getStartNode();
	if (!startNode) {
		throw new UnexpectedError(
			options.startNode
				? `Start node "${options.startNode}" not found in the workflow`
				: 'No node to start the workflow from could be found (add a Manual Trigger)',
		);
	}

	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	let afterRun: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		afterRun = fullRunData;
	});

	const additionalData = testAdditionalData({
		hooks,
		credentialsHelper,
		executionId,
		workflowId: workflowData.id,
		variables: options.variables,
	});

	const runExecutionData = options.retryOf
		? retryDataOf(options.retryOf)
		: createRunExecutionData({
				executionData: {
					nodeExecutionStack: [
						{
							node: startNode,
							data: { main: [inputItems ?? [{ json: {} }]] },
							source: null,
						},
					],
				},
				resultData: { pinData: workflowData.pinData },
			});

	const workflowExecute = new WorkflowExecute(additionalData, options.retryOf ? 'retry' : mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);
	const finalRun = afterRun ?? run;

	const runData = finalRun.data.resultData.runData;
	const nodes: Record<string, NodeRunSummary> = {};
	for (const [nodeName, runs] of Object.entries(runData)) nodes[nodeName] = summarize(runs);

	const output = (nodeName: string, outputIndex = 0, runIndex = 0): OutputItem[] => {
		const runs = runData[nodeName];
		if (!runs) {
			throw new UnexpectedError(
				`Node "${nodeName}" did not run. Ran: ${Object.keys(runData).join(', ') || '(none)'}; ` +
					`workflow error: ${finalRun.data.resultData.error?.message ?? '(none)'}`,
			);
		}
		return runs[runIndex]?.data?.main?.[outputIndex] ?? [];
	};

	const logEntries = logger.entries.slice(logStart);
	return {
		run: finalRun,
		status: finalRun.status,
		finished: finalRun.finished ?? false,
		error: finalRun.data.resultData.error,
		lastNodeExecuted: finalRun.data.resultData.lastNodeExecuted,
		executionOrder,
		nodes,
		logs: logEntries.map((entry) => entry.text),
		logEntries,
		credentialsHelper,
		output,
		json: (nodeName, outputIndex, runIndex) =>
			output(nodeName, outputIndex, runIndex).map((item) => item.json),
		pairedItems: (nodeName, outputIndex) =>
			output(nodeName, outputIndex).map((item) => item.pairedItem),
	};
}

/** What n8n 2.41's `ExecutionService.retry` starts a retry from: the saved data, error removed. */
function retryDataOf(failed: IRun): IRun['data'] {
	const data = JSON.parse(JSON.stringify(failed.data)) as IRun['data'];
	if (!data.executionData) throw new UnexpectedError('The run has no execution data to retry from');
	const { lastNodeExecuted } = data.resultData;
	if (lastNodeExecuted) {
		delete data.resultData.error;
		const runs = data.resultData.runData?.[lastNodeExecuted];
		if (runs && runs.length > 0 && runs[runs.length - 1].error !== undefined) runs.pop();
	}
	return data;
}

/** Every log line captured since the runtime was set up (all runs in this test file). */
export function capturedLogs(): string[] {
	return setupN8nRuntime().logger.logs;
}

/**
 * Plain, comparable view of an n8n error as it appears in the run data, e.g.
 * `expect(describeError(result.error)).toMatchObject({ name: 'NodeApiError', httpCode: '401' })`.
 *
 * NB: n8n-core 2.41 stores errors in the run data as *plain objects* - WorkflowExecute does
 * `{ ...error, message: error.message, stack: error.stack }` for both
 * `resultData.error` and the node's `taskData.error` - so `instanceof NodeApiError` is false
 * there; match on `name` ('NodeApiError' | 'NodeOperationError' | ...) instead.
 */
export function describeError(error: unknown): Record<string, unknown> | undefined {
	if (error === undefined || error === null) return undefined;
	if (typeof error !== 'object') return { value: error };
	const e = error as Record<string, unknown>;
	const node = e.node as INode | undefined;
	const cause = e.cause as { message?: unknown } | undefined;
	const out: Record<string, unknown> = {
		name: e.name,
		message: e.message,
		description: e.description,
		httpCode: e.httpCode,
		level: e.level,
		context: e.context,
		node: node?.name,
	};
	if (cause && typeof cause === 'object' && 'message' in cause) out.cause = cause.message;
	for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
	return out;
}

/** Linear connections `a -> b -> c` (main output 0 -> main input 0 at each step). */
export function chain(...nodeNames: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < nodeNames.length - 1; i++) {
		connections[nodeNames[i]] = {
			main: [[{ node: nodeNames[i + 1], type: 'main', index: 0 }]],
		};
	}
	return connections;
}

export { MANUAL_TRIGGER_TYPE, NO_OP_TYPE, PACKAGE_NAME } from './node-types';
