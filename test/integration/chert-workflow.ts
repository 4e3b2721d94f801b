/**
 * Runs workflows with the Chert node through n8n's real execution engine against a local
 * sandbox: Manual Trigger → Chert node(s) → No Operation, as a user would build them.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters, IRun } from 'n8n-workflow';

import { ChertApi } from '../../credentials/ChertApi.credentials';
import { Chert } from '../../nodes/Chert/Chert.node';
import { loadOptions } from '../helpers/load-options';
import { chain, MANUAL_TRIGGER_TYPE, NO_OP_TYPE, runWorkflow } from '../helpers/workflow-runner';
import { startSandbox } from '../sandbox';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type SandboxOptions = NonNullable<Parameters<typeof startSandbox>[0]>;

export const SENDER = '+15550000001';
export const ANA = '+14155550123';
export const BEN = '+14155550124';

export { startSandbox };

/** The automatic idempotency key the node gives a send when the user gives none. */
export const AUTOMATIC_KEY = expect.stringMatching(/^n8n-[0-9a-f]{40}$/);

export function chertNode(name: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return {
		id: name,
		name,
		type: 'n8n-nodes-chert.chert',
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

export function textParts(...texts: string[]) {
	return { part: texts.map((text) => ({ type: 'text', text })) };
}

export function createChatParams(overrides: INodeParameters = {}): INodeParameters {
	return { resource: 'chat', operation: 'create', from: SENDER, to: ANA, parts: textParts('Hello Ana'), ...overrides };
}

export function sendMessageParams(overrides: INodeParameters = {}): INodeParameters {
	return { resource: 'message', operation: 'send', parts: textParts('Following up'), ...overrides };
}

/** Runs Manual Trigger → the given nodes in a line → No Operation. */
export async function runChert(
	sandbox: Sandbox,
	nodes: INode[],
	options: { inputItems?: IDataObject[]; signingSecret?: string; credential?: IDataObject; retryOf?: IRun } = {},
) {
	const names = ['Manual Trigger', ...nodes.map((node) => node.name), 'Done'];
	return await runWorkflow({
		workflow: {
			nodes: [
				{ id: 't', name: 'Manual Trigger', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				...nodes,
				{ id: 'd', name: 'Done', type: NO_OP_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			],
			connections: chain(...names),
		},
		nodeTypes: [new Chert()],
		credentialTypes: [new ChertApi()],
		credentials: {
			chertApi: {
				signingSecret: options.signingSecret ?? sandbox.signingSecret,
				baseUrl: sandbox.url,
				...options.credential,
			} as ICredentialDataDecryptedObject,
		},
		inputItems: options.inputItems,
		retryOf: options.retryOf,
	});
}

/** A request as the sandbox logged it; the body is whatever JSON the node sent. */
export interface ReceivedRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted on by each test
	body: any;
	/** The bytes received, also for requests refused before their body was read. */
	rawBody: string;
	status: number;
	traceId: string;
	/** Answered from Chert's idempotency store (same key and body as an earlier send). */
	idempotentReplay: boolean;
	/** When it arrived, and when it was answered (or its connection cut): ISO, to the ms. */
	at: string;
	answeredAt?: string;
	/** The kind of fault injected into it, if one was. */
	fault?: 'error' | 'delay' | 'drop';
}

/** The API requests the sandbox received, in order. */
export function apiRequests(sandbox: Sandbox): ReceivedRequest[] {
	return sandbox.state.requests.filter((request) => request.path.startsWith('/api/v1/')) as ReceivedRequest[];
}

/** One sandbox per test file (started with `options`), emptied before each test. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options);
	});
	afterAll(async () => await sandbox?.close());
	// A delayed request may still be running from the last test; let it land first.
	beforeEach(async () => {
		await sandbox?.idle();
		sandbox?.reset();
	});
	return () => {
		if (!sandbox) throw new Error('the sandbox is not started yet');
		return sandbox;
	};
}

/** Runs one of the Chert node's loadOptions methods as the editor does, against the sandbox. */
export async function loadChertOptions(sandbox: Sandbox, method: string, parameters: INodeParameters = {}) {
	return await loadOptions({
		node: chertNode('Chert', parameters),
		method,
		nodeTypes: [new Chert()],
		credentialTypes: [new ChertApi()],
		credentials: {
			chertApi: { signingSecret: sandbox.signingSecret, baseUrl: sandbox.url } as ICredentialDataDecryptedObject,
		},
	});
}

/**
 * Starts a chat straight through the sandbox's API (not through the node), for tests of the
 * operations that act on an existing chat or message.
 */
export async function seedChat(sandbox: Sandbox, to: string = ANA, text = 'Hello'): Promise<{ chatId: string; messageId: string }> {
	const rawBody = JSON.stringify({ from: SENDER, to: [to], message: { parts: [{ type: 'text', value: text }] } });
	const response = await fetch(`${sandbox.url}/api/v1/chats`, {
		method: 'POST',
		headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
		body: rawBody,
	});
	const answer = (await response.json()) as { chat: { id: string }; message: { id: string } };
	if (!response.ok) throw new Error(`seeding a chat failed: ${JSON.stringify(answer)}`);
	return { chatId: answer.chat.id, messageId: answer.message.id };
}

/** The API requests the sandbox receives from now on (leaves out what a test seeded). */
export function requestsFromNow(sandbox: Sandbox): () => ReceivedRequest[] {
	const start = apiRequests(sandbox).length;
	return () => apiRequests(sandbox).slice(start);
}

/** Starts a group chat straight through the sandbox's API, for the group management tests. */
export async function seedGroup(sandbox: Sandbox, to: string[]): Promise<{ chatId: string }> {
	const rawBody = JSON.stringify({ from: SENDER, to, message: { parts: [{ type: 'text', value: 'Hi all' }] } });
	const response = await fetch(`${sandbox.url}/api/v1/chats`, {
		method: 'POST',
		headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
		body: rawBody,
	});
	const answer = (await response.json()) as { chat: { id: string } };
	if (!response.ok) throw new Error(`seeding a group failed: ${JSON.stringify(answer)}`);
	return { chatId: answer.chat.id };
}
