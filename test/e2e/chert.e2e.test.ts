/**
 * The package as users run it: packed, installed into a real n8n (the provisioned version, on
 * Node 24) where n8n's installer puts community packages, and driven through `n8n execute`
 * and a live `n8n start`, against the Chert sandbox.
 */
import { createHash } from 'crypto';

import { startSandbox } from '../sandbox';
import { N8n } from './lib/n8n';
import {
	chertCredential,
	chertNode,
	itemsNode,
	CREDENTIAL_ID,
	manualTrigger,
	node,
	textParts,
	webhookNode,
	workflow,
} from './lib/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Run = { status: string; data: { resultData: { runData: Record<string, any[]>; error?: any } } };

const SENDER = '+15550000001';
const AUTOMATIC_KEY = expect.stringMatching(/^n8n-[0-9a-f]{40}$/);
const ANA = '+14155550123';
const BEN = '+14155550124';

let sandbox: Sandbox;
let n8n: N8n;

beforeAll(async () => {
	sandbox = await startSandbox();
	// Binaries on disk, as most installs keep them: the node must stream them, not hold them.
	n8n = await new N8n({ env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' } }).prepare();
	await n8n.importCredentials([chertCredential(sandbox.url, sandbox.signingSecret)]);
});

afterAll(async () => {
	await n8n?.stop();
	n8n?.cleanUp();
	await sandbox?.close();
});

beforeEach(() => sandbox.reset());

let workflowCount = 0;
/** Imports a Manual Trigger → … workflow and runs it with `n8n execute`. */
async function execute(name: string, nodes: Array<Record<string, unknown>>) {
	const id = `e2eworkflow${String(++workflowCount).padStart(5, '0')}`;
	await n8n.importWorkflow(workflow(id, name, [manualTrigger(), ...nodes]));
	const result = await n8n.execute(id);
	if (!result.run) throw new Error(`no run JSON from n8n execute:\n${result.stdout}\n${result.stderr}`);
	return { code: result.code, run: result.run as Run, output: result.stdout + result.stderr };
}

const outputOf = (run: Run, nodeName: string) =>
	run.data.resultData.runData[nodeName][0].data.main[0] as Array<{ json: Record<string, any>; pairedItem: unknown }>;

const apiRequests = () => sandbox.state.requests.filter((r: { path: string }) => r.path.startsWith('/api/v1/'));

describe('in n8n execute', () => {
	it('creates a direct chat', async () => {
		const { code, run } = await execute('DM', [
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: ANA, parts: textParts('Hi Ana!') }, [220, 0]),
		]);
		expect(code).toBe(0);
		const [request] = apiRequests();
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/chats' });
		expect(request.headers.authorization).toBe(`Bearer ${sandbox.signingSecret}`);
		expect(request.body).toEqual({ from: SENDER, to: [ANA], message: { parts: [{ type: 'text', value: 'Hi Ana!' }], idempotency_key: AUTOMATIC_KEY } });
		const [item] = outputOf(run, 'Create Chat');
		const chat = [...sandbox.state.chats.values()][0];
		expect(item.json).toMatchObject({ chatId: chat.id, messageId: expect.any(String), chat: { id: chat.id, is_group: false } });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('creates a group chat with a name', async () => {
		const { code, run } = await execute('Group', [
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: `${ANA}, ${BEN}`, parts: textParts('Welcome, team'), options: { subject: 'Launch' } }, [220, 0]),
		]);
		expect(code).toBe(0);
		expect(apiRequests()[0].body).toEqual({ from: SENDER, to: [ANA, BEN], message: { parts: [{ type: 'text', value: 'Welcome, team' }], subject: 'Launch', idempotency_key: AUTOMATIC_KEY } });
		expect(outputOf(run, 'Create Chat')[0].json.chat.is_group).toBe(true);
	});

	it('chains Create → Send by expressions, with a media + rich link follow-up', async () => {
		const attachmentId = sandbox.addInboundAttachment({ filename: 'receipt.png', content_type: 'image/png', bytes: 'png-bytes' });
		const { code, run } = await execute('Chain', [
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: ANA, parts: textParts('Thanks for your order') }, [220, 0]),
			chertNode('Send Message', { resource: 'message', operation: 'send', parts: textParts('It ships tomorrow') }, [440, 0]),
			chertNode('Send Receipt', {
				resource: 'message',
				operation: 'send',
				chatId: "={{ $('Create Chat').item.json.chatId }}",
				parts: { part: [{ type: 'media', attachmentId }, { type: 'rich_link', url: 'https://example.com/track/1', title: 'Track' }] },
			}, [660, 0]),
		]);
		expect(code).toBe(0);
		const chatId = outputOf(run, 'Create Chat')[0].json.chatId;
		const [, text, media] = apiRequests();
		expect(text).toMatchObject({ path: `/api/v1/chats/${chatId}/messages`, body: { message: { parts: [{ type: 'text', value: 'It ships tomorrow' }], idempotency_key: AUTOMATIC_KEY } } });
		expect(media).toMatchObject({ path: `/api/v1/chats/${chatId}/messages` });
		expect(media.body).toEqual({
			message: {
				parts: [{ type: 'media', attachment_id: attachmentId }, { type: 'rich_link', url: 'https://example.com/track/1', title: 'Track' }],
				idempotency_key: AUTOMATIC_KEY,
			},
		});
		expect(outputOf(run, 'Send Receipt')[0].json).toMatchObject({ chatId, messageId: expect.any(String) });
		expect(sandbox.deliveredTo(ANA)).toBe(3);
	});

	it('fails on bad input with zero requests reaching the sandbox', async () => {
		const { code, run } = await execute('Bad input', [
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: '415-555-0123', parts: textParts('Hi') }, [220, 0]),
		]);
		expect(code).toBe(1);
		expect(run.status).toBe('error');
		expect(run.data.resultData.error.message).toMatch(/^Item 1: "To" \(entry 1: 415-555-0123\) must be a phone number in E\.164 format/);
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("fails on an API error with Chert's code, hint and trace id", async () => {
		const { code, run } = await execute('API error', [
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: '+15559999999', to: ANA, parts: textParts('Hi') }, [220, 0]),
		]);
		expect(code).toBe(1);
		const error = run.data.resultData.runData['Create Chat'][0].error;
		const [request] = sandbox.state.requests;
		expect(error.message).toMatch(/\(Chert error 2006\)$/);
		expect(error.description).toContain('not assigned to your Chert account');
		expect(error.description).toContain(`Trace ID: ${request.traceId}`);
		expect(error.httpCode).toBe(String(request.status));
		expect(JSON.stringify(run)).not.toContain(sandbox.signingSecret);
	});

	it('continues on fail over several items: each gets its output or error item, paired', async () => {
		const customers = [
			{ name: 'Ana', phone: ANA, from: SENDER },
			{ name: 'Bad line', phone: BEN, from: '+15559999999' },
			{ name: 'Typo', phone: 'n/a', from: SENDER },
			{ name: 'Ben', phone: BEN, from: SENDER },
		];
		const { code, run } = await execute('Continue on fail', [
			itemsNode(customers),
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: '={{ $json.from }}', to: '={{ $json.phone }}', parts: textParts('=Hi {{ $json.name }}') }, [440, 0], { onError: 'continueRegularOutput' }),
		]);
		expect(code).toBe(0);
		const items = outputOf(run, 'Create Chat');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.chatId).toEqual(expect.any(String));
		expect(items[1].json).toMatchObject({ code: 2006, error: expect.stringContaining('2006') });
		expect(items[2].json.error).toMatch(/^Item 3: "To"/);
		expect(items[3].json.chatId).toEqual(expect.any(String));
		expect(apiRequests().map((r: any) => r.body.message.parts[0].value)).toEqual(['Hi Ana', 'Hi Bad line', 'Hi Ben']);
	});
});

describe('files from a previous node, in n8n execute', () => {
	it('streams a binary file from n8n’s binary store into a media part', async () => {
		const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200_000, 3)]);
		const fileNode = node('Download', 'n8n-nodes-base.code', 2, [220, 0], {
			jsCode: `return [{ json: { phone: '${ANA}' }, binary: { data: { data: '${png.toString('base64')}', mimeType: 'image/png', fileName: 'photo.png' } } }];`,
		});
		const { code, run } = await execute('Binary media', [
			fileNode,
			chertNode('Create Chat', {
				resource: 'chat',
				operation: 'create',
				from: SENDER,
				to: '={{ $json.phone }}',
				parts: { part: [{ type: 'text', text: 'Your photo' }, { type: 'media', source: 'binary', binaryProperty: 'data' }] },
			}, [440, 0]),
		]);
		expect(code).toBe(0);
		const attachment = [...sandbox.state.attachments.values()][0];
		expect(attachment).toMatchObject({ filename: 'photo.png', content_type: 'image/png', size_bytes: png.length, state: 'uploaded' });
		expect(attachment.sha256).toBe(createHash('sha256').update(png).digest('hex'));
		const create: any = apiRequests().find((r: any) => r.path === '/api/v1/chats');
		expect(create.body.message.parts[1]).toEqual({ type: 'media', attachment_id: attachment.id });
		expect(outputOf(run, 'Create Chat')[0].json.chatId).toEqual(expect.any(String));
	});
});

describe('every operation, in n8n execute', () => {
	it('runs Upload → Create Chat → Typing → Location → React → Edit → Get → Mark as Read → Send to Phone Number → Get Messages → List', async () => {
		const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(5000, 9)]);
		const created = "$('Create Chat').item.json";
		const op = (name: string, parameters: Record<string, unknown>, x: number, extra: Record<string, unknown> = {}) =>
			chertNode(name, parameters, [x, 0], extra);
		const { code, run, output } = await execute('Every operation', [
			node('Photo', 'n8n-nodes-base.code', 2, [220, 0], {
				jsCode: `return [{ json: {}, binary: { data: { data: '${jpeg.toString('base64')}', mimeType: 'image/jpeg', fileName: 'shop.jpg' } } }];`,
			}),
			op('Upload', { resource: 'attachment', operation: 'upload', binaryProperty: 'data' }, 440),
			op('Create Chat', {
				resource: 'chat',
				operation: 'create',
				from: SENDER,
				to: ANA,
				parts: { part: [{ type: 'text', text: 'Our shop' }, { type: 'media', attachmentId: '={{ $json.attachmentId }}' }] },
			}, 660),
			op('Typing', { resource: 'chat', operation: 'sendTypingIndicator', chatId: `={{ ${created}.chatId }}`, state: 'typing' }, 880),
			op('Location', { resource: 'location', operation: 'send', sendTo: 'phone', phone: ANA, latitude: 37.7793, longitude: -122.4193, options: { label: 'Shop' } }, 1100),
			op('React', { resource: 'message', operation: 'react', messageId: `={{ ${created}.messageId }}`, reaction: 'love' }, 1320),
			op('Edit', { resource: 'message', operation: 'edit', messageId: `={{ ${created}.messageId }}`, newText: 'Our shop (open today)' }, 1540),
			op('Get Message', { resource: 'message', operation: 'get', messageId: `={{ ${created}.messageId }}` }, 1760),
			op('Mark as Read', { resource: 'chat', operation: 'markAsRead', chatId: `={{ ${created}.chatId }}` }, 1980),
			op('Send to Phone', { resource: 'message', operation: 'sendToPhoneNumber', phone: BEN, body: 'Hello Ben' }, 2200),
			op('Get Messages', { resource: 'chat', operation: 'getMessages', chatId: `={{ ${created}.chatId }}` }, 2420, { executeOnce: true }),
			op('List Numbers', { resource: 'phoneNumber', operation: 'list' }, 2640, { executeOnce: true }),
		]);
		expect({ code, output: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, output: '' });

		const chatId = outputOf(run, 'Create Chat')[0].json.chatId;
		const messageId = outputOf(run, 'Create Chat')[0].json.messageId;
		expect(apiRequests().map((r: any) => `${r.method} ${r.path.replace(chatId, ':chat').replace(messageId, ':message')}`)).toEqual([
			'POST /api/v1/attachments',
			'POST /api/v1/chats',
			'POST /api/v1/chats/:chat/typing',
			'POST /api/v1/locations',
			'POST /api/v1/messages/:message/react',
			'POST /api/v1/messages/:message/edit',
			'GET /api/v1/messages/:message',
			'POST /api/v1/chats/:chat/mark-read',
			'POST /api/v1/send',
			'GET /api/v1/chats/:chat/messages',
			'GET /api/v1/phone-numbers',
		]);
		expect(outputOf(run, 'Upload')[0].json).toEqual({ attachment_id: expect.any(String), attachmentId: expect.any(String) });
		expect(outputOf(run, 'Edit')[0].json).toMatchObject({ messageId, status: 'edited', new_text: 'Our shop (open today)' });
		expect(outputOf(run, 'Get Message')[0].json).toMatchObject({ chatId, messageId, message: { id: messageId } });
		expect(outputOf(run, 'Send to Phone')[0].json).toMatchObject({ chatId: expect.any(String), messageId: expect.any(String) });
		// The chat holds the first message and the location pin (sent to Ana's number: /locations takes no chat UUID), oldest first.
		expect(outputOf(run, 'Get Messages').map((item) => item.json.messageId)[0]).toBe(messageId);
		expect(outputOf(run, 'Get Messages').length).toBeGreaterThanOrEqual(2);
		expect(outputOf(run, 'List Numbers').map((item) => item.json.phone_number)).toEqual(['+15550000001', '+15550000002']);
		expect(sandbox.deliveredTo(BEN)).toBe(1);
	});

	it('runs Create Group → Add / Remove Participant → Update Group → Event List / Get / Replay → Webhook Subscription List / Get / Update / Delete', async () => {
		const CARL = '+14155550125';
		const DORA = '+14155550126';
		const response = await fetch(`${sandbox.url}/api/v1/webhook-subscriptions`, {
			method: 'POST',
			headers: { ...sandbox.authHeaders(), 'content-type': 'application/json' },
			// Left behind by an old WEBHOOK_URL: nothing answers there any more.
			body: JSON.stringify({ url: 'https://old-n8n.invalid/webhook/chert' }),
		});
		const leftBehind = ((await response.json()) as { subscription: { id: string; secret: string } }).subscription;
		const events = [1, 2, 3].map(() => sandbox.addEvent({ type: 'message.received', data: {}, deliver: false }).event.id);
		const group = "$('Create Group').item.json";
		const op = (name: string, parameters: Record<string, unknown>, x: number, extra: Record<string, unknown> = {}) =>
			chertNode(name, parameters, [x, 0], extra);

		const { code, run, output } = await execute('Groups, events and subscriptions', [
			op('Create Group', { resource: 'chat', operation: 'create', from: SENDER, to: `${ANA}, ${BEN}, ${CARL}`, parts: textParts('Hi all') }, 220),
			op('Add Participant', { resource: 'chat', operation: 'addParticipant', address: DORA }, 440),
			op('Remove Participant', { resource: 'chat', operation: 'removeParticipant', chatId: `={{ ${group}.chatId }}`, address: CARL }, 660),
			op('Update Group', { resource: 'chat', operation: 'updateGroup', chatId: `={{ ${group}.chatId }}`, displayName: 'Launch crew', groupChatIcon: 'https://cdn.example.com/crew.png' }, 880),
			op('List Events', { resource: 'event', operation: 'list', returnAll: true, filters: { type: 'message.received' } }, 1100, { executeOnce: true }),
			op('Get Event', { resource: 'event', operation: 'get' }, 1320, { executeOnce: true }),
			op('Replay', { resource: 'event', operation: 'replay', subscriptionId: leftBehind.id }, 1540, { onError: 'continueRegularOutput' }),
			op('List Subscriptions', { resource: 'webhookSubscription', operation: 'list' }, 1760, { executeOnce: true }),
			op('Get Subscription', { resource: 'webhookSubscription', operation: 'get' }, 1980),
			op('Pause Subscription', { resource: 'webhookSubscription', operation: 'update', active: false }, 2200),
			op('Delete Subscription', { resource: 'webhookSubscription', operation: 'delete' }, 2420),
		]);
		expect({ code, output: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, output: '' });

		const chatId = outputOf(run, 'Create Group')[0].json.chatId;
		const paths = apiRequests().map((r: any) => `${r.method} ${r.path.replace(chatId, ':chat').replace(events[2], ':event').replace(leftBehind.id, ':sub')}`);
		expect(paths).toEqual([
			'POST /api/v1/webhook-subscriptions',
			'POST /api/v1/chats',
			'POST /api/v1/chats/:chat/participants',
			'DELETE /api/v1/chats/:chat/participants/%2B14155550125',
			'PUT /api/v1/chats/:chat',
			'GET /api/v1/events',
			'GET /api/v1/events/:event',
			'POST /api/v1/events/:event/replay',
			'GET /api/v1/webhook-subscriptions',
			'GET /api/v1/webhook-subscriptions/:sub',
			'PATCH /api/v1/webhook-subscriptions/:sub',
			'DELETE /api/v1/webhook-subscriptions/:sub',
		]);
		expect(outputOf(run, 'Add Participant')[0].json).toEqual({ chatId, chat_id: chatId, added: DORA, participants: [ANA, BEN, CARL, DORA] });
		expect(outputOf(run, 'Remove Participant')[0].json).toEqual({ chatId, chat_id: chatId, removed: CARL, participants: [ANA, BEN, DORA] });
		expect(outputOf(run, 'Update Group')[0].json).toMatchObject({ chatId, chat: { display_name: 'Launch crew', group_chat_icon: 'https://cdn.example.com/crew.png' } });
		expect(outputOf(run, 'List Events').map((item) => item.json.eventId)).toEqual([...events].reverse());
		expect(outputOf(run, 'Get Event')[0].json).toMatchObject({ eventId: events[2], type: 'message.received' });
		// The old URL does not answer: Chert's 502 / 3004 (retryable), sent once, as a paired error item.
		expect(outputOf(run, 'Replay')).toEqual([
			{ json: expect.objectContaining({ code: 3004, httpStatus: 502, retryable: true, traceId: expect.any(String) }), pairedItem: { item: 0 } },
		]);
		expect(outputOf(run, 'List Subscriptions').map((item) => item.json.subscriptionId)).toEqual([leftBehind.id]);
		expect(outputOf(run, 'Pause Subscription')[0].json).toMatchObject({ subscriptionId: leftBehind.id, is_active: false });
		expect(outputOf(run, 'Delete Subscription')[0].json).toEqual({ subscriptionId: leftBehind.id, id: leftBehind.id, deleted: true });
		expect(sandbox.state.subscriptions.size).toBe(0);
		expect(JSON.stringify(run)).not.toContain(leftBehind.secret);
	});
});

describe('never twice, in n8n execute', () => {
	const CARL = '+14155550125';
	const customers = [ANA, BEN, CARL].map((phone) => ({ phone }));

	it.each([
		['the node’s own retries', { options: { maxAttempts: 3, timeout: 2000 } }, {}],
		['n8n’s Retry On Fail', { options: { maxAttempts: 1, timeout: 2000 } }, { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 }],
	])('a dropped connection after Chert sent item 2 delivers once per customer (%s)', async (_name, parameters, settings) => {
		sandbox.injectFault({ kind: 'drop', method: 'POST', path: '/api/v1/chats', skip: 1 });
		const { code, run } = await execute('Dropped connection', [
			itemsNode(customers),
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: '={{ $json.phone }}', parts: textParts('Your order shipped'), ...parameters }, [440, 0], settings),
		]);
		await sandbox.idle();
		expect(code).toBe(0);
		const items = outputOf(run, 'Create Chat');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.every((item) => typeof item.json.chatId === 'string')).toBe(true);
		for (const { phone } of customers) expect(sandbox.deliveredTo(phone)).toBe(1);
		expect(apiRequests().length).toBeGreaterThan(3);
	});

	it('signs requests with HMAC when the credential says so', async () => {
		await n8n.importCredentials([
			{ ...chertCredential(sandbox.url, sandbox.signingSecret, 'chertHmacCredent', 'Chert sandbox (HMAC)'), data: { signingSecret: sandbox.signingSecret, baseUrl: sandbox.url, authentication: 'hmac', tenant: sandbox.tenantSlug } },
		]);
		const { code } = await execute('HMAC', [
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: ANA, parts: textParts('Signed hello') }, [220, 0], {
				credentials: { chertApi: { id: 'chertHmacCredent', name: 'Chert sandbox (HMAC)' } },
			}),
		]);
		expect(code).toBe(0);
		const [request] = apiRequests();
		expect(request.status).toBe(200);
		expect(request.auth).toBe('hmac');
		expect(request.headers.authorization).toBeUndefined();
	});
});

/** The executions n8n saved for a workflow, newest first. */
async function executionsOf(workflowId: string): Promise<Array<{ id: string; status: string; mode: string; retryOf?: string | null }>> {
	const { json } = await n8n.rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
	return json?.data?.results ?? [];
}

async function waitForExecution(workflowId: string, done: (e: { status: string }) => boolean, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const found = (await executionsOf(workflowId)).find(done);
		if (found) return found;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`no execution of ${workflowId} reached the expected state in ${timeoutMs} ms`);
}

/** Posts to a published webhook, waiting for n8n to register it. */
async function postWebhook(path: string, body: unknown) {
	let response: Response | undefined;
	for (let attempt = 0; attempt < 40; attempt++) {
		response = await fetch(`${n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.status !== 404) break;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return response!;
}

describe('in a live n8n (n8n start)', () => {
	const WEBHOOK_WORKFLOW = 'e2ewebhook000001';
	// Webhook → Code (one item per phone) → Create Chat, for n8n's retry of a failed execution.
	const RETRY_WORKFLOWS = { execution: 'e2eretrydefault1', content: 'e2eretrycontent1', current: 'e2eretrycurrent1' } as const;
	const batchWorkflow = (id: string, path: string, options: Record<string, unknown>) =>
		workflow(id, `Retry ${path}`, [
			webhookNode(path, [0, 0], { responseMode: 'onReceived' }),
			node('Customers', 'n8n-nodes-base.code', 2, [220, 0], {
				jsCode: 'return $input.first().json.body.phones.map((phone) => ({ json: { phone } }));',
			}),
			chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: '={{ $json.phone }}', parts: textParts('Your order shipped'), options }, [440, 0]),
		]);

	beforeAll(async () => {
		await n8n.importWorkflow(batchWorkflow(RETRY_WORKFLOWS.execution, 'default-retry', {}));
		await n8n.importWorkflow(batchWorkflow(RETRY_WORKFLOWS.content, 'content-retry', { idempotencyKeyScope: 'content' }));
		await n8n.importWorkflow(batchWorkflow(RETRY_WORKFLOWS.current, 'current-retry', {}));
		for (const id of Object.values(RETRY_WORKFLOWS)) await n8n.publishWorkflow(id);
		await n8n.importWorkflow(
			workflow(WEBHOOK_WORKFLOW, 'Webhook → Chert', [
				webhookNode('chert-e2e'),
				chertNode('Create Chat', { resource: 'chat', operation: 'create', from: SENDER, to: '={{ $json.body.phone }}', parts: textParts('=Hi {{ $json.body.name }}, thanks for signing up') }, [220, 0]),
				chertNode('Send Message', { resource: 'message', operation: 'send', parts: { part: [{ type: 'rich_link', url: 'https://example.com/welcome' }] } }, [440, 0]),
			]),
		);
		await n8n.publishWorkflow(WEBHOOK_WORKFLOW);
		await n8n.start();
		await n8n.loginOwner();
	});

	it('runs webhook trigger → Create Chat → Send Message', async () => {
		let response: Response | undefined;
		// A published workflow may register its webhook a moment after readiness.
		for (let attempt = 0; attempt < 40; attempt++) {
			response = await fetch(`${n8n.baseUrl}/webhook/chert-e2e`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Ana', phone: ANA }),
			});
			if (response.status !== 404) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		expect(response?.status).toBe(200);
		const body = (await response!.json()) as { chatId: string };
		const [create, send] = apiRequests();
		expect(create.body).toEqual({ from: SENDER, to: [ANA], message: { parts: [{ type: 'text', value: 'Hi Ana, thanks for signing up' }], idempotency_key: AUTOMATIC_KEY } });
		expect(send.path).toBe(`/api/v1/chats/${body.chatId}/messages`);
		expect(send.body).toEqual({ message: { parts: [{ type: 'rich_link', url: 'https://example.com/welcome' }], idempotency_key: AUTOMATIC_KEY } });
		expect(body).toMatchObject({ chatId: expect.any(String), messageId: expect.any(String) });
	});

	it.each([
		['"This Execution" key scope (the default)', 'execution', 'default-retry', ['+14155550131', '+14155550132', '+14155550133'], false],
		['"Message Content" key scope', 'content', 'content-retry', ['+14155550141', '+14155550142', '+14155550143'], false],
		['"This Execution" key scope, retried with the current workflow', 'current', 'current-retry', ['+14155550151', '+14155550152', '+14155550153'], true],
	] as const)(
		"%s: n8n's Retry of an execution that failed on item 3 replays items 1–2 and sends item 3",
		async (_scope, scope, path, phones, loadWorkflow) => {
			// Item 3's send is refused (nothing sent): the node fails after items 1 and 2 went out.
			sandbox.injectFault({ kind: 'error', code: 1002, status: 400, method: 'POST', path: '/api/v1/chats', skip: 2 });
			expect((await postWebhook(path, { phones })).status).toBe(200);
			const failed = await waitForExecution(RETRY_WORKFLOWS[scope], (e) => e.status === 'error');
			expect(phones.map((phone) => sandbox.deliveredTo(phone))).toEqual([1, 1, 0]);

			// What the editor's Retry → "Retry with original workflow" / "… with currently saved workflow" calls.
			const retry = await n8n.retryExecution(RETRY_WORKFLOWS[scope], failed.id, loadWorkflow);
			expect(retry.status).toBe(200);
			expect(retry.execution).toMatchObject({ mode: 'retry', retryOf: failed.id, status: 'success' });
			await sandbox.idle();

			expect(phones.map((phone) => sandbox.deliveredTo(phone))).toEqual([1, 1, 1]);
			// A refused request's body is only in rawBody.
			const creates = apiRequests()
				.filter((r: any) => r.path === '/api/v1/chats')
				.map((r: any) => ({ ...r, body: JSON.parse(r.rawBody) }));
			expect(creates.map((r) => [r.body.to[0], r.status, r.idempotentReplay])).toEqual([
				[phones[0], 200, false],
				[phones[1], 200, false],
				[phones[2], 400, false],
				[phones[0], 200, true],
				[phones[1], 200, true],
				[phones[2], 200, false],
			]);
			expect(creates[3].body.message.idempotency_key).toBe(creates[0].body.message.idempotency_key);
		},
	);

	it('answers "Test connection" for a good and a wrong secret', async () => {
		const test = (signingSecret: string) =>
			n8n.rest('POST', '/rest/credentials/test', {
				credentials: { id: CREDENTIAL_ID, name: 'Chert test', type: 'chertApi', data: { signingSecret, baseUrl: sandbox.url } },
			});
		const good = await test(sandbox.signingSecret);
		expect(good.json?.data).toMatchObject({ status: 'OK' });
		const wrongSecret = 'f'.repeat(32);
		const wrong = await test(wrongSecret);
		expect(wrong.json?.data).toMatchObject({ status: 'Error' });
		expect(wrong.text).not.toContain(wrongSecret);
		// n8n's tester may try a failing request more than once; each is the same call.
		const [first, ...rest] = sandbox.state.requests.map((r: any) => [r.method, r.path, r.status]);
		expect(first).toEqual(['GET', '/api/v1/phone-numbers', 200]);
		expect(rest.length).toBeGreaterThan(0);
		expect(new Set(rest.map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify(['GET', '/api/v1/phone-numbers', 401])]));
	});
});
