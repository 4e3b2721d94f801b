/**
 * A webhook trigger's life as n8n 2.41 gives it, over real HTTP, with n8n-core's own
 * HookContext and WebhookContext:
 *
 * - `activate()` / `deactivate()`: the production webhook's `checkExists` → `create`, and
 *   `delete`, in a HookContext; the workflow's static data is then saved (as n8n saves it
 *   after activation and deactivation) in `staticData`.
 * - `listenForTestEvent()` / `stopListening()`: the editor's "Listen for test event": the
 *   same methods for the test URL (`/webhook-test/…`), with static data kept only in the
 *   registration, never saved; after a test delivery that started a run, n8n deletes the
 *   test webhook, and so does this.
 * - A local HTTP server at `baseUrl` takes deliveries the way n8n's webhook server does:
 *   the raw body kept in `req.rawBody` and JSON parsed into `req.body`; the node's
 *   `webhook()` runs in a WebhookContext on a Workflow built from the *saved* static data
 *   (what `webhook()` changes there is not kept, as measured in 2.41.1); its answer is
 *   given as n8n gives it (`noWebhookResponse`, `webhookResponse`, "Workflow was started",
 *   500 on a throw), and `workflowData` starts the workflow in WorkflowExecute from the
 *   trigger node (recorded in `runs`).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	IWebhookData,
	IWebhookResponseData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';

import { TestCredentialTypes } from './credential-types';
import { TestCredentialsHelper } from './credentials-helper';
import { setupN8nRuntime } from './n8n-runtime';
import { TestNodeTypes, type NodeTypesInput } from './node-types';
import {
	assignCredentials,
	runWorkflow,
	testAdditionalData,
	type RunResult,
	type WorkflowJson,
} from './workflow-runner';

export type WebhookMode = 'production' | 'test';

export interface WebhookHarnessOptions {
	workflow: WorkflowJson;
	/** The trigger node's name. */
	trigger: string;
	nodeTypes: NodeTypesInput;
	credentialTypes: ICredentialType[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

/** One request the server took, and what it answered. */
export interface WebhookCall {
	mode: WebhookMode;
	status: number;
	body: string;
	/** What `webhook()` returned (undefined when it threw). */
	result?: IWebhookResponseData;
	error?: unknown;
	/** The run it started, once finished (see `settled()`). */
	run?: RunResult;
}

type HookMethod = 'checkExists' | 'create' | 'delete';

const PREFIX: Record<WebhookMode, string> = { production: '/webhook', test: '/webhook-test' };

export class WebhookHarness {
	/** The workflow's static data as n8n keeps it in its database. */
	staticData: IDataObject = {};

	/** Every webhook request answered, in order. */
	readonly calls: WebhookCall[] = [];

	/** Hook method calls, in order, e.g. `['production', 'checkExists', false]`. */
	readonly hookCalls: Array<[WebhookMode, HookMethod, boolean]> = [];

	private active = false;
	/** The test registration's own static data while the editor listens. */
	private testStaticData: IDataObject | undefined;
	private readonly pending = new Set<Promise<unknown>>();
	private readonly nodeTypes: TestNodeTypes;
	private readonly credentialsHelper: TestCredentialsHelper;
	private readonly node: INode;
	private server!: http.Server;
	baseUrl = '';

	private constructor(private readonly options: WebhookHarnessOptions) {
		setupN8nRuntime();
		this.nodeTypes = new TestNodeTypes(options.nodeTypes);
		this.credentialsHelper = new TestCredentialsHelper(
			new TestCredentialTypes(options.credentialTypes),
			options.credentials,
		);
		const node = options.workflow.nodes.find((candidate) => candidate.name === options.trigger);
		if (!node) throw new UnexpectedError(`No node "${options.trigger}" in the workflow`);
		this.node = structuredClone(node);
		this.node.webhookId ??= randomUUID();
		assignCredentials([this.node], this.nodeTypes, options.credentials);
	}

	static async start(options: WebhookHarnessOptions): Promise<WebhookHarness> {
		const harness = new WebhookHarness(options);
		harness.server = http.createServer((req, res) => {
			const done = harness.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(500).end(String(error));
			});
			harness.track(done);
		});
		await new Promise<void>((resolve) => harness.server.listen(0, '127.0.0.1', resolve));
		harness.baseUrl = `http://127.0.0.1:${(harness.server.address() as AddressInfo).port}`;
		return harness;
	}

	get workflowId(): string {
		return this.options.workflow.id ?? 'test-workflow';
	}

	/** The URL n8n gives the node for this mode (what the node subscribes at Chert). */
	webhookUrl(mode: WebhookMode): string {
		return `${this.baseUrl}${PREFIX[mode]}/${this.webhookPath()}`;
	}

	/** Activation: checkExists, then create when it said false; static data saved after. */
	async activate(): Promise<void> {
		const workflow = this.workflowWith(structuredClone(this.staticData));
		if (!(await this.hook('production', 'checkExists', workflow))) await this.hook('production', 'create', workflow);
		this.staticData = plain(workflow.staticData);
		this.active = true;
	}

	/** Deactivation: delete; static data saved after. */
	async deactivate(): Promise<boolean> {
		this.active = false;
		const workflow = this.workflowWith(structuredClone(this.staticData));
		const deleted = await this.hook('production', 'delete', workflow);
		this.staticData = plain(workflow.staticData);
		return deleted;
	}

	/** Runs checkExists alone against the saved static data (what a re-activation asks first). */
	async checkExists(mode: WebhookMode = 'production'): Promise<boolean> {
		const data = mode === 'test' ? (this.testStaticData ?? {}) : this.staticData;
		return await this.hook(mode, 'checkExists', this.workflowWith(structuredClone(data)));
	}

	/** The editor's "Listen for test event". */
	async listenForTestEvent(): Promise<void> {
		const workflow = this.workflowWith(structuredClone(this.staticData));
		if (!(await this.hook('test', 'checkExists', workflow))) await this.hook('test', 'create', workflow);
		this.testStaticData = plain(workflow.staticData);
	}

	/** The test webhook's end (a run, a timeout or "stop listening"): delete. */
	async stopListening(): Promise<boolean> {
		if (!this.testStaticData) return true;
		const workflow = this.workflowWith(this.testStaticData);
		this.testStaticData = undefined;
		return await this.hook('test', 'delete', workflow);
	}

	get listening(): boolean {
		return this.testStaticData !== undefined;
	}

	/** Resolves when every request taken so far is answered and its run finished. */
	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	/** The runs deliveries started, in order. */
	runs(): RunResult[] {
		return this.calls.flatMap((call) => (call.run ? [call.run] : []));
	}

	async close(): Promise<void> {
		await this.settled();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private track(promise: Promise<unknown>): void {
		this.pending.add(promise);
		void promise.finally(() => this.pending.delete(promise));
	}

	private webhookPath(): string {
		const description = this.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion).description;
		const path = String(description.webhooks?.[0]?.path ?? '');
		return NodeHelpers.getNodeWebhookPath(this.workflowId, this.node, path, false, false);
	}

	private workflowWith(staticData: IDataObject): Workflow {
		const nodes = this.options.workflow.nodes.map((node) =>
			node.name === this.node.name ? structuredClone(this.node) : structuredClone(node),
		);
		return new Workflow({
			id: this.workflowId,
			name: this.options.workflow.name ?? 'Test workflow',
			nodes,
			connections: this.options.workflow.connections,
			active: this.active,
			nodeTypes: this.nodeTypes,
			staticData,
			settings: { executionOrder: 'v1' },
		});
	}

	private additionalData(extra: Record<string, unknown> = {}) {
		return testAdditionalData({
			credentialsHelper: this.credentialsHelper,
			workflowId: this.workflowId,
			urls: { webhookBaseUrl: `${this.baseUrl}${PREFIX.production}`, webhookTestBaseUrl: `${this.baseUrl}${PREFIX.test}` },
			extra,
		});
	}

	private webhookData(mode: WebhookMode, workflow: Workflow, extra: Record<string, unknown> = {}): IWebhookData {
		const description = this.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion).description;
		const webhookDescription = description.webhooks?.[0];
		if (!webhookDescription) throw new UnexpectedError(`${this.node.type} declares no webhook`);
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: this.webhookPath(),
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: this.additionalData(extra),
			isTest: mode === 'test',
		};
	}

	private async hook(mode: WebhookMode, method: HookMethod, workflow: Workflow): Promise<boolean> {
		const webhookData = this.webhookData(mode, workflow);
		const node = workflow.getNode(this.node.name) as INode;
		const fn = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).webhookMethods?.default?.[method];
		if (!fn) throw new UnexpectedError(`${node.type} has no webhookMethods.default.${method}`);
		const executeMode: WorkflowExecuteMode = mode === 'test' ? 'manual' : 'trigger';
		const activation: WorkflowActivateMode = mode === 'test' ? 'manual' : 'activate';
		const context = new HookContext(workflow, node, webhookData.workflowExecuteAdditionalData, executeMode, activation, webhookData);
		const answer = (await fn.call(context)) as boolean;
		this.hookCalls.push([mode, method, answer]);
		return answer;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.baseUrl);
		const mode: WebhookMode | undefined = url.pathname.startsWith(`${PREFIX.test}/`)
			? 'test'
			: url.pathname.startsWith(`${PREFIX.production}/`)
				? 'production'
				: undefined;
		const registered =
			mode === 'production' ? this.active : mode === 'test' ? this.listening : false;
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const call: WebhookCall = { mode: mode ?? 'production', status: 0, body: '' };
		this.calls.push(call);
		const answer = (status: number, body: unknown) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			call.status = status;
			call.body = text;
			res.writeHead(status, { 'content-type': 'application/json' }).end(text);
		};
		if (!mode || !registered || req.method !== 'POST' || url.pathname !== new URL(this.webhookUrl(mode)).pathname) {
			answer(404, { message: 'The requested webhook is not registered.' });
			return;
		}

		// n8n's body parser: the bytes as received in rawBody, JSON parsed into body.
		const request = Object.assign(req, {
			rawBody: Buffer.concat(chunks),
			contentType: req.headers['content-type']?.split(';')[0].trim(),
			body: {} as unknown,
			params: {},
			query: Object.fromEntries(url.searchParams),
		});
		if (request.contentType === 'application/json' && request.rawBody.length > 0) {
			try {
				request.body = JSON.parse(request.rawBody.toString('utf8'));
			} catch {
				answer(422, { message: 'Failed to parse request body' });
				return;
			}
		}
		const response = expressLike(res, call);

		const staticData = mode === 'test' ? structuredClone(this.testStaticData ?? {}) : structuredClone(this.staticData);
		const workflow = this.workflowWith(staticData);
		const node = workflow.getNode(this.node.name) as INode;
		const executeMode: WorkflowExecuteMode = mode === 'test' ? 'manual' : 'webhook';
		const webhookData = this.webhookData(mode, workflow, { httpRequest: request, httpResponse: response });
		const context = new WebhookContext(workflow, node, webhookData.workflowExecuteAdditionalData, executeMode, webhookData, [], null);
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		try {
			call.result = await nodeType.webhook!.call(context);
		} catch (error) {
			call.error = error;
			if (!res.headersSent) answer(500, { message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}
		const result = call.result;
		if (result.noWebhookResponse === true) return;
		if (result.workflowData === undefined) {
			answer(200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		answer(200, { message: 'Workflow was started' });
		call.run = await runWorkflow({
			workflow: {
				...this.options.workflow,
				nodes: this.options.workflow.nodes.map((candidate) => (candidate.name === this.node.name ? this.node : candidate)),
			},
			nodeTypes: this.options.nodeTypes,
			credentialTypes: this.options.credentialTypes,
			credentials: this.options.credentials,
			startNode: this.node.name,
			inputItems: result.workflowData[0],
			mode: executeMode,
		});
		if (mode === 'test') await this.stopListening();
	}
}

/** The parts of express's Response that nodes use, on a plain ServerResponse. */
function expressLike(res: http.ServerResponse, call: WebhookCall) {
	const written = (status: number, text: string) => {
		call.status = status;
		call.body = text;
	};
	const response = Object.assign(res, {
		status(code: number) {
			res.statusCode = code;
			return response;
		},
		json(body: unknown) {
			const text = JSON.stringify(body);
			written(res.statusCode, text);
			if (!res.headersSent) res.setHeader('content-type', 'application/json');
			res.end(text);
			return response;
		},
		send(body: unknown) {
			const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
			written(res.statusCode, String(text));
			res.end(text);
			return response;
		},
	});
	return response;
}

/** A plain copy of n8n's observable static data, without its change marker. */
function plain(data: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(data), (key, value: unknown) => (key === '__dataChanged' ? undefined : value)) as IDataObject;
}
