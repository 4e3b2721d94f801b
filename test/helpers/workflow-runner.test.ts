/**
 * Proves the workflow runner drives n8n-core's real engine: a throw-away node calls
 * `httpRequestWithAuthentication` against a local server and the credential's declarative
 * `authenticate` block is applied; continueOnFail / onError, pairedItem, expressions and
 * NodeApiError / NodeOperationError behave as in n8n.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { chain, describeError, runWorkflow } from './workflow-runner';
import type { WorkflowJson } from './workflow-runner';

const SECRET = 'sk_test_very_secret_value_123';

class TestApi implements ICredentialType {
	name = 'testApi';
	displayName = 'Test API';
	properties: ICredentialType['properties'] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu-1' },
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.signingSecret}}',
				'X-Region': '={{$credentials.region}}',
			},
			qs: { source: 'n8n' },
		},
	};
}

/** Throw-away node: per item, GETs `url` with the testApi credential and reports what the server saw. */
class EchoAuth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo Auth',
		name: 'echoAuth',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Echo Auth' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'testApi', required: true }],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '', required: true },
			{ displayName: 'Label', name: 'label', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const url = this.getNodeParameter('url', i) as string;
				const label = this.getNodeParameter('label', i) as string;
				if (!url) throw new NodeOperationError(this.getNode(), 'URL is empty', { itemIndex: i });
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					method: 'GET',
					url,
					json: true,
				})) as IDataObject;
				out.push({ json: { label, ...response }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

interface Recorded {
	method?: string;
	url?: string;
	headers: http.IncomingHttpHeaders;
}

let server: http.Server;
let baseUrl: string;
const received: Recorded[] = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		received.push({ method: req.method, url: req.url, headers: req.headers });
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (path === '/token') {
			let raw = '';
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => send(200, { token: `tok-${(JSON.parse(raw) as { key: string }).key}` }));
			return;
		}
		if (path === '/fail') return send(500, { message: 'upstream exploded' });
		if (path === '/unauthorized') return send(401, { message: 'bad token' });
		return send(200, {
			path,
			query: req.url?.split('?')[1] ?? '',
			authorization: req.headers.authorization ?? null,
			region: req.headers['x-region'] ?? null,
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
});

const trigger: INode = {
	id: 't',
	name: 'When clicking ‘Execute workflow’',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function echoNode(parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return {
		id: 'e',
		name: 'Echo',
		type: 'n8n-nodes-chert.echoAuth',
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: { testApi: { id: '1', name: 'Test account' } },
		...extra,
	} as INode;
}

const common = {
	nodeTypes: [new EchoAuth()],
	credentialTypes: [new TestApi()],
	credentials: { testApi: { signingSecret: SECRET } },
};

describe('runWorkflow (n8n-core WorkflowExecute)', () => {
	it('applies the credential generic authenticate block to httpRequestWithAuthentication', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `${baseUrl}/ok` })],
			connections: chain(trigger.name, 'Echo'),
		};

		const result = await runWorkflow({ workflow, ...common });

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.finished).toBe(true);
		expect(result.executionOrder).toEqual([trigger.name, 'Echo']);
		expect(received).toHaveLength(1);
		expect(received[0].headers.authorization).toBe(`Bearer ${SECRET}`);
		// Credential property default (region) is applied like n8n's CredentialsHelper does.
		expect(received[0].headers['x-region']).toBe('eu-1');
		expect(received[0].url).toBe('/ok?source=n8n');
		expect(result.json('Echo')).toEqual([
			{
				label: '',
				path: '/ok',
				query: 'source=n8n',
				authorization: `Bearer ${SECRET}`,
				region: 'eu-1',
			},
		]);
		expect(result.pairedItems('Echo')).toEqual([{ item: 0 }]);
		expect(result.json(trigger.name)).toEqual([{}]);
	});

	it('resolves ={{ $json.x }} expressions from the previous node, per item, with pairedItem', async () => {
		const workflow: WorkflowJson = {
			nodes: [
				trigger,
				{
					id: 'n',
					name: 'Prepare',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
				},
				echoNode({
					url: `=${baseUrl}/chats/{{ $json.chatId }}`,
					label: "={{ $json.x }}-{{ $('Prepare').item.json.chatId }}",
				}),
			],
			connections: chain(trigger.name, 'Prepare', 'Echo'),
		};

		const result = await runWorkflow({
			workflow,
			...common,
			inputItems: [{ chatId: 'c_1', x: 'first' }, { json: { chatId: 'c_2', x: 'second' } }],
		});

		expect(result.error).toBeUndefined();
		expect(received.map((r) => r.url)).toEqual(['/chats/c_1?source=n8n', '/chats/c_2?source=n8n']);
		expect(result.json('Echo').map((j) => [j.label, j.path])).toEqual([
			['first-c_1', '/chats/c_1'],
			['second-c_2', '/chats/c_2'],
		]);
		expect(result.pairedItems('Echo')).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.executionOrder).toEqual([trigger.name, 'Prepare', 'Echo']);
	});

	it('continueOnFail: a failed item becomes an error item paired with its input', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `=${baseUrl}/{{ $json.path }}` }, { onError: 'continueRegularOutput' })],
			connections: chain(trigger.name, 'Echo'),
		};

		const result = await runWorkflow({
			workflow,
			...common,
			inputItems: [{ path: 'ok' }, { path: 'fail' }, { path: 'ok' }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const items = result.output('Echo');
		expect(items).toHaveLength(3);
		expect(items[0].json.authorization).toBe(`Bearer ${SECRET}`);
		expect(items[1]).toEqual({
			json: { error: expect.any(String) },
			pairedItem: { item: 1 },
		});
		expect(items[1].json.error).toBe('The service was not able to process your request');
		expect(items[2].pairedItem).toEqual({ item: 2 });
	});

	it('legacy continueOnFail: true behaves the same', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `${baseUrl}/fail` }, { continueOnFail: true })],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({ workflow, ...common });
		expect(result.error).toBeUndefined();
		expect(result.output('Echo')).toEqual([
			{ json: { error: expect.any(String) }, pairedItem: { item: 0 } },
		]);
	});

	it('continueOnFail + execute() throwing: n8n passes the input through and records the error', async () => {
		class Thrower extends EchoAuth {
			constructor() {
				super();
				this.description = { ...this.description, name: 'thrower', credentials: [] };
			}
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				throw new NodeOperationError(this.getNode(), 'whole node failed');
			}
		}
		const thrower = {
			...echoNode({ url: 'x' }, { onError: 'continueRegularOutput' }),
			type: 'n8n-nodes-chert.thrower',
		} as INode;
		const after: INode = { ...trigger, id: 'a', name: 'After', type: 'n8n-nodes-base.noOp' };

		const withNext = await runWorkflow({
			workflow: { nodes: [trigger, thrower, after], connections: chain(trigger.name, 'Echo', 'After') },
			nodeTypes: [new Thrower()],
			inputItems: [{ a: 1 }],
		});
		expect(withNext.status).toBe('success');
		expect(withNext.error).toBeUndefined();
		expect(withNext.output('Echo')).toEqual([{ json: { a: 1 }, pairedItem: { item: 0 } }]);
		expect(withNext.nodes.Echo.executionStatus).toBe('error');
		expect(describeError(withNext.nodes.Echo.error)).toMatchObject({
			name: 'NodeOperationError',
			message: 'whole node failed',
		});
		expect(withNext.json('After')).toEqual([{ a: 1 }]);

		// n8n quirk: when the continuing node is the LAST one executed, the execution still
		// ends with status 'error' and resultData.error set (the output is passed through).
		const asLast = await runWorkflow({
			workflow: { nodes: [trigger, thrower], connections: chain(trigger.name, 'Echo') },
			nodeTypes: [new Thrower()],
			inputItems: [{ a: 1 }],
		});
		expect(asLast.status).toBe('error');
		expect(asLast.error?.message).toBe('whole node failed');
		expect(asLast.json('Echo')).toEqual([{ a: 1 }]);
	});

	it('can start at a non-trigger node, feeding it inputItems', async () => {
		const workflow: WorkflowJson = {
			nodes: [echoNode({ url: `=${baseUrl}/{{ $json.path }}`, label: '={{ $json.label }}' })],
			connections: {},
		};
		const result = await runWorkflow({
			workflow,
			...common,
			inputItems: [
				{ path: 'a', label: 'one' },
				{ path: 'b', label: 'two' },
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.json('Echo').map((j) => [j.path, j.label])).toEqual([
			['/a', 'one'],
			['/b', 'two'],
		]);
	});

	it('onError continueErrorOutput routes the error item to the error output', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `=${baseUrl}/{{ $json.path }}` }, { onError: 'continueErrorOutput' })],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({
			workflow,
			...common,
			inputItems: [{ path: 'ok' }, { path: 'fail' }],
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Echo', 0).map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		// n8n merges the input item's json into the error-output item.
		expect(result.output('Echo', 1)).toEqual([
			{ json: { path: 'fail', error: expect.any(String) }, pairedItem: { item: 1 } },
		]);
	});

	it('surfaces a NodeApiError from httpRequestWithAuthentication as n8n does', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `${baseUrl}/unauthorized` })],
			connections: chain(trigger.name, 'Echo'),
		};

		const result = await runWorkflow({ workflow, ...common });

		expect(result.status).toBe('error');
		expect(result.finished).toBe(false);
		// n8n-core stores errors in run data as plain copies ({ ...error, message, stack }).
		expect(result.error).not.toBeInstanceOf(NodeApiError);
		expect(describeError(result.error)).toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			node: 'Echo',
		});
		expect(describeError(result.nodes.Echo.error)).toEqual(describeError(result.error));
		expect(result.nodes.Echo.executionStatus).toBe('error');
		expect(result.nodes.Echo.items).toEqual([]);
		expect(result.lastNodeExecuted).toBe('Echo');
		expect(describeError(result.error)).toEqual({
			name: 'NodeApiError',
			message: 'Authorization failed - please check your credentials',
			description: 'bad token',
			httpCode: '401',
			level: 'warning',
			context: { data: { message: 'bad token' } },
			node: 'Echo',
		});
	});

	it('surfaces a NodeOperationError thrown by the node', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: '={{ $json.missing ?? "" }}' })],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({ workflow, ...common });
		expect(result.status).toBe('error');
		expect(describeError(result.error)).toMatchObject({
			name: 'NodeOperationError',
			message: 'URL is empty',
			node: 'Echo',
		});
		expect(result.error?.context).toMatchObject({ itemIndex: 0 });
	});

	it('reports missing credentials like n8n', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `${baseUrl}/ok` }, { credentials: undefined })],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({ workflow, ...common, autoAssignCredentials: false });
		// The NodeOperationError from getCredentials is thrown inside
		// httpRequestWithAuthentication, which wraps everything in a NodeApiError.
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Node does not have any credentials set');
		expect(received).toHaveLength(0);
	});

	it('auto-assigns node credentials when the workflow JSON has none', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `${baseUrl}/ok` }, { credentials: undefined })],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({ workflow, ...common });
		expect(result.error).toBeUndefined();
		expect(received[0].headers.authorization).toBe(`Bearer ${SECRET}`);
	});

	it('runs in production (trigger) mode too', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `=${baseUrl}/{{ $json.path }}` })],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({ workflow, ...common, mode: 'trigger', inputItems: [{ path: 'ok' }] });
		expect(result.error).toBeUndefined();
		expect(result.json('Echo')[0].path).toBe('/ok');
	});

	it('runs preAuthentication for an expirable token and authenticates with the result', async () => {
		class SessionApi implements ICredentialType {
			name = 'sessionApi';
			displayName = 'Session API';
			properties: ICredentialType['properties'] = [
				{ displayName: 'Key', name: 'apiKey', type: 'string', default: '' },
				{ displayName: 'Base', name: 'base', type: 'string', default: '' },
				{
					displayName: 'Session Token',
					name: 'sessionToken',
					type: 'hidden',
					typeOptions: { expirable: true },
					default: '',
				},
			];
			async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
				const { token } = (await this.helpers.httpRequest({
					method: 'POST',
					url: `${credentials.base as string}/token`,
					body: { key: credentials.apiKey },
					json: true,
				})) as { token: string };
				return { sessionToken: token };
			}
			authenticate: ICredentialType['authenticate'] = {
				type: 'generic',
				properties: { headers: { Authorization: '=Session {{$credentials.sessionToken}}' } },
			};
		}
		class SessionEcho extends EchoAuth {
			constructor() {
				super();
				this.description = {
					...this.description,
					name: 'sessionEcho',
					credentials: [{ name: 'sessionApi', required: true }],
				};
			}
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'sessionApi', {
					url: this.getNodeParameter('url', 0) as string,
					json: true,
				})) as IDataObject;
				return [[{ json: response, pairedItem: { item: 0 } }]];
			}
		}
		const workflow: WorkflowJson = {
			nodes: [
				trigger,
				{ ...echoNode({ url: `${baseUrl}/ok` }), type: 'n8n-nodes-chert.sessionEcho', credentials: undefined },
			],
			connections: chain(trigger.name, 'Echo'),
		};
		const result = await runWorkflow({
			workflow,
			nodeTypes: [new SessionEcho()],
			credentialTypes: [new SessionApi()],
			credentials: { sessionApi: { apiKey: 'k', base: baseUrl } },
		});
		expect(result.error).toBeUndefined();
		expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /token', 'GET /ok']);
		expect(result.json('Echo')[0].authorization).toBe('Session tok-k');
		expect(result.credentialsHelper.updates).toHaveLength(1);
		expect(result.credentialsHelper.getStored('sessionApi')).toMatchObject({ sessionToken: 'tok-k' });
		// getCredentials (used by n8n for OAuth token updates) reflects the stored update.
		const stored = await result.credentialsHelper.getCredentials({ id: 'x', name: 'x' }, 'sessionApi');
		expect(await stored.getData()).toMatchObject({ apiKey: 'k', sessionToken: 'tok-k' });
	});

	it('captures n8n logs and the secret never appears in them', async () => {
		const workflow: WorkflowJson = {
			nodes: [trigger, echoNode({ url: `=${baseUrl}/{{ $json.path }}` })],
			connections: chain(trigger.name, 'Echo'),
		};
		const ok = await runWorkflow({ workflow, ...common, inputItems: [{ path: 'ok' }] });
		const failed = await runWorkflow({ workflow, ...common, inputItems: [{ path: 'unauthorized' }] });

		// Non-vacuous: n8n did log (engine debug lines, the failure).
		expect(ok.logs.length).toBeGreaterThan(0);
		expect(failed.logs.length).toBeGreaterThan(0);
		for (const line of [...ok.logs, ...failed.logs]) expect(line).not.toContain(SECRET);
		if (process.env.DUMP_LOGS) console.log(failed.logs.join('\n'));
	});
});
