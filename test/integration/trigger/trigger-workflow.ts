/**
 * The Chert Trigger in n8n's engine against the sandbox: Chert Trigger → Chert Send Message
 * (a reply in the chat the message came from) → No Operation, with the trigger's webhook
 * served by the WebhookHarness (real HTTP, n8n-core's HookContext and WebhookContext).
 */
import type { ICredentialDataDecryptedObject, INode, INodeParameters } from 'n8n-workflow';

import { ChertApi } from '../../../credentials/ChertApi.credentials';
import { Chert } from '../../../nodes/Chert/Chert.node';
import { ChertTrigger } from '../../../nodes/ChertTrigger/ChertTrigger.node';
import { WebhookHarness } from '../../helpers/webhook-runner';
import { chain, NO_OP_TYPE } from '../../helpers/workflow-runner';
import { chertNode, seedChat, useSandbox, type Sandbox, type SandboxOptions } from '../chert-workflow';

export const TRIGGER = 'Chert Trigger';
export const REPLY = 'Reply';

export function triggerNode(parameters: INodeParameters = {}): INode {
	return {
		id: 'trigger',
		name: TRIGGER,
		type: 'n8n-nodes-chert.chertTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: '5c1f3d0e-0000-4000-8000-00000000c0de',
		parameters,
	};
}

/** Starts the harness for Trigger → Reply → Done; the caller closes it. */
export async function startTrigger(
	sandbox: Sandbox,
	parameters: INodeParameters = {},
	credential: Partial<ICredentialDataDecryptedObject> = {},
): Promise<WebhookHarness> {
	return await WebhookHarness.start({
		workflow: {
			id: 'trigger-workflow',
			name: 'Chert Trigger → Reply',
			nodes: [
				triggerNode(parameters),
				chertNode(REPLY, {
					resource: 'message',
					operation: 'send',
					parts: { part: [{ type: 'text', text: '=Got it: {{ $json.text }}' }] },
				}),
				{ id: 'done', name: 'Done', type: NO_OP_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			],
			connections: chain(TRIGGER, REPLY, 'Done'),
		},
		trigger: TRIGGER,
		nodeTypes: [new ChertTrigger(), new Chert()],
		credentialTypes: [new ChertApi()],
		credentials: {
			chertApi: { signingSecret: sandbox.signingSecret, baseUrl: sandbox.url, ...credential } as ICredentialDataDecryptedObject,
		},
	});
}

/**
 * One sandbox per test file (accepting n8n's http webhook URLs), emptied before each test;
 * `start` opens a harness for Trigger → Reply that is closed after the test.
 */
export function useTrigger(options: SandboxOptions = {}) {
	const sandboxOf = useSandbox({ allowHttpWebhooks: true, ...options });
	let current: WebhookHarness | undefined;
	afterEach(async () => {
		await current?.close();
		current = undefined;
	});
	return {
		sandbox: sandboxOf,
		async start(...args: Parameters<typeof startTrigger>): Promise<WebhookHarness> {
			current = await startTrigger(...args);
			return current;
		},
		/** Started and activated: subscribed at the sandbox, with that one subscription. */
		async activate(sandbox: Sandbox, parameters: INodeParameters = {}) {
			const harness = await this.start(sandbox, parameters);
			await harness.activate();
			return { harness, subscription: onlySubscription(sandbox) };
		},
	};
}

/** A chat with Ana, and an inbound message in it recorded but not delivered. */
export async function inboundEvent(sandbox: Sandbox, a: { text?: string; parts?: Array<Record<string, unknown>> } = {}) {
	const { chatId } = await seedChat(sandbox);
	const { event, message } = sandbox.addInboundMessage({ chatId, ...a, text: a.text ?? 'Is it shipped?', deliver: false });
	return { chatId, event, message };
}

/** The one subscription at the sandbox (fails when there is not exactly one). */
export function onlySubscription(sandbox: Sandbox) {
	const subscriptions = [...sandbox.state.subscriptions.values()];
	expect(subscriptions).toHaveLength(1);
	return subscriptions[0];
}

/** The replies the workflow sent (POST /chats/{id}/messages) since the sandbox was reset. */
export function replies(sandbox: Sandbox) {
	return sandbox.state.requests.filter((request) => request.method === 'POST' && /^\/api\/v1\/chats\/[^/]+\/messages$/.test(request.path));
}
