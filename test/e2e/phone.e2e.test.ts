/**
 * The demo from the customer's side, in Debian's Chromium: `npm run demo` (a real n8n 2.41.1
 * with the packed package and the Chert sandbox) with its two workflows — the sign-up form that
 * texts the customer, and "Chert Trigger (Receive Events Via: Event Stream) → Send Message",
 * which answers whatever the customer sends.
 *
 * Submits the published form, opens the sandbox's phone page (phone-sized), sees the greeting
 * and the follow-up as bubbles, types a reply in the page's reply box and sends it, and sees
 * the workflow's answer appear as a new bubble. The answer needs no public URL: n8n holds the
 * sandbox's event stream open, the sandbox has no webhook subscription at all, and the
 * event's log entry shows no webhook attempt. n8n ran the reply workflow once, from its trigger.
 * Last, the reply workflow's URL the demo printed opens in the editor, its trigger set to the
 * event stream.
 *
 * Screenshots go to artifacts/screenshots/phone-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_SIGNING_SECRET } from '../sandbox/config';
import { launchChromium } from './lib/chromium';
import { DemoProcess, submitDemoForm, type DemoInfo } from './lib/demo-process';
import { REPLY_ANSWER_PREFIX, REPLY_WORKFLOW_ID } from './lib/demo-workflow';
import { REPO } from './lib/provision';

type PhonePart = { type: string; value?: string; [key: string]: unknown };
type PhoneMessage = { id: string; direction: 'inbound' | 'outbound'; parts: PhonePart[] };
type PhoneChat = { id: string; customers: string[]; messages: PhoneMessage[] };
type Execution = { id: string; mode: string; status: string; workflowId: string };

const ARTIFACTS = path.join(REPO, 'artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const DEMO_LOG = path.join(ARTIFACTS, 'phone-demo.out');
const CUSTOMER = { name: 'Cleo', phone: '+14155550177' };
const GREETING = `Hi ${CUSTOMER.name}, thanks for signing up! Your order is being packed.`;
// Unique per run, so the answer is recognisably to this reply.
const REPLY = `When will it arrive? (${Date.now()})`;
const ANSWER = `${REPLY_ANSWER_PREFIX}${REPLY}”`;

const demo = new DemoProcess(DEMO_LOG);
let info: DemoInfo;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let context: BrowserContext;
let phone: Page | undefined;
let chatId: string;
const timings: Record<string, number> = {};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let shots = 0;
/** A screenshot of what the user sees, as artifacts/screenshots/phone-NN-name.png. */
async function screenshot(name: string, target: Page): Promise<string> {
	const file = path.join(SCREENSHOTS, `phone-${String(++shots).padStart(2, '0')}-${name}.png`);
	await target.screenshot({ path: file });
	return file;
}

/** Runs one step; on failure saves a screenshot and the HTML of `target` before rethrowing. */
async function step<T>(name: string, target: Page | undefined, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		if (target && !target.isClosed()) {
			const base = path.join(SCREENSHOTS, `phone-failed-${name}`);
			await target.screenshot({ path: `${base}.png` }).catch(() => undefined);
			fs.writeFileSync(`${base}.html`, await target.content().catch(() => ''));
		}
		throw error;
	}
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await sleep(250);
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; the demo's output: ${DEMO_LOG}`);
}

/** What the phone page shows, as JSON (`GET /phone/state`). */
async function phoneChat(): Promise<PhoneChat | undefined> {
	const response = await fetch(`${info.phone}/state`, { headers: { connection: 'close' } });
	const state = (await response.json()) as { chats: PhoneChat[] };
	return state.chats.find((chat) => chat.customers.includes(CUSTOMER.phone));
}

/** Chert's API on the sandbox, as any client reads it. */
async function chert<T>(pathname: string): Promise<T> {
	const response = await fetch(`${info.sandbox}/api/v1${pathname}`, {
		headers: { authorization: `Bearer ${DEFAULT_SIGNING_SECRET}`, connection: 'close' },
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`sandbox GET ${pathname}: ${response.status} ${text.slice(0, 300)}`);
	return JSON.parse(text) as T;
}

/** n8n's REST API as the demo's owner (the auth cookie is tied to the browser-id header). */
let cookie = '';
async function n8nRest<T>(pathname: string): Promise<T> {
	const base = new URL(info.editor).origin;
	const headers = { 'content-type': 'application/json', 'browser-id': 'chert-phone-e2e' };
	if (!cookie) {
		const login = await fetch(`${base}/rest/login`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ emailOrLdapLoginId: info.email, password: info.password }),
		});
		if (login.status !== 200) throw new Error(`n8n login: ${login.status} ${(await login.text()).slice(0, 300)}`);
		cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}
	const response = await fetch(`${base}${pathname}`, { headers: { ...headers, cookie } });
	const text = await response.text();
	if (response.status !== 200) throw new Error(`n8n GET ${pathname}: ${response.status} ${text.slice(0, 300)}`);
	return (JSON.parse(text) as { data: T }).data;
}

async function replyExecutions(): Promise<Execution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: REPLY_WORKFLOW_ID }));
	return (await n8nRest<{ results: Execution[] }>(`/rest/executions?filter=${filter}`)).results;
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	for (const file of fs.readdirSync(SCREENSHOTS)) {
		if (file.startsWith('phone-')) fs.rmSync(path.join(SCREENSHOTS, file));
	}
	browser = await launchChromium({ viewport: { width: 1280, height: 860 } });
	context = browser.context;
	context.setDefaultTimeout(30_000);
	const started = Date.now();
	info = await demo.start();
	timings.demoReadyMs = Date.now() - started;
}, 10 * 60_000);

afterAll(async () => {
	await browser?.close();
	const problems = await demo.stop();
	// Measured numbers for the report (seen with --verbose or in CI's log).
	console.log(`[phone e2e] ${JSON.stringify(timings)}`);
	if (problems.length > 0) throw new Error(problems.join('\n'));
}, 120_000);

describe('the demo on the customer’s phone', () => {
	it('prints the phone page and the reply workflow beside the editor', () => {
		expect(info.phone).toBe(`${info.sandbox}/phone`);
		expect(info.replies).toBe(`${new URL(info.editor).origin}/workflow/${REPLY_WORKFLOW_ID}`);
		const printed = demo.output();
		expect(printed).toContain(`Phone:     ${info.phone}`);
		expect(printed).toContain(`Replies:   ${info.replies}`);
	});

	it('submits the demo’s form', async () => {
		const form = await context.newPage();
		try {
			await step('form', form, async () => {
				await submitDemoForm(form, info.form, CUSTOMER);
				await screenshot('form-submitted', form);
			});
		} finally {
			await form.close();
		}
	});

	it('shows the greeting and the follow-up as bubbles on the phone page', async () => {
		phone = await context.newPage();
		const page = phone;
		// A phone-sized screen: the conversation list sits above the open chat.
		await page.setViewportSize({ width: 390, height: 844 });
		await step('greeting', page, async () => {
			// Both messages are in once the workflow has run: the page shows what the sandbox stored.
			await waitFor(async () => (await phoneChat())?.messages.length === 2, 'the greeting and the follow-up', 60_000);
			chatId = (await phoneChat())!.id;
			await page.goto(info.phone);
			await page.locator('.chat-item', { hasText: CUSTOMER.phone }).click();
			const out = page.locator('#messages .row.out');
			await out.locator('.bubble', { hasText: GREETING }).waitFor();
			await out.locator('.bubble', { hasText: 'Track your parcel here:' }).waitFor();
			// The follow-up's picture, loaded from the sandbox's copy of the uploaded file.
			const image = out.locator('.bubble.media img');
			await image.waitFor();
			const loadedWidth = () =>
				image.evaluate((img) => {
					const loaded = img as unknown as { complete: boolean; naturalWidth: number };
					return loaded.complete ? loaded.naturalWidth : 0;
				});
			await waitFor(async () => (await loadedWidth()) > 0, 'the image to load');
			await out.locator('.card .title', { hasText: 'Order #1234' }).waitFor();
			expect(await page.locator('#messages .row.in').count()).toBe(0);
			await page.locator('#compose #text').waitFor();
			await screenshot('greeting', page);
		});
	});

	it('answers a reply typed on the phone page, over the event stream', async () => {
		const page = phone!;
		const sent = await step('reply', page, async () => {
			const input = page.getByLabel('Reply', { exact: true });
			await input.fill(REPLY);
			await screenshot('reply-typed', page);
			const answered = page.waitForResponse(
				(response) => response.request().method() === 'POST' && response.url().endsWith(`/phone/chats/${chatId}/reply`),
			);
			await page.locator('#compose button[type="submit"]').click();
			const response = await answered;
			expect(response.status()).toBe(201);
			const at = Date.now();
			const { event_id: eventId } = (await response.json()) as { event_id: string };
			// The page clears the box once the sandbox took the reply, and shows it on the left.
			await waitFor(async () => (await input.inputValue()) === '', 'the reply box to clear');
			await page.locator('#messages .row.in .bubble', { hasText: REPLY }).waitFor();
			return { at, eventId };
		});

		await step('answer', page, async () => {
			const answer = page.locator('#messages .row.out .bubble', { hasText: ANSWER });
			await answer.waitFor({ timeout: 90_000 });
			timings.replyToAnswerMs = Date.now() - sent.at;
			await answer.scrollIntoViewIfNeeded();
			await screenshot('answer', page);
			// The answer is the last bubble, after the customer's reply.
			expect(await page.locator('#messages .row').last().innerText()).toContain(ANSWER);
		});

		await step('state', page, async () => {
			const chat = (await phoneChat())!;
			expect(chat.messages.map((m) => [m.direction, m.parts.map((p) => p.type).join('+')])).toEqual([
				['outbound', 'text'],
				['outbound', 'media+text+rich_link'],
				['inbound', 'text'],
				['outbound', 'text'],
			]);
			expect(chat.messages[0].parts[0].value).toBe(GREETING);
			expect(chat.messages[2].parts).toEqual([{ type: 'text', value: REPLY }]);
			expect(chat.messages[3].parts).toEqual([{ type: 'text', value: ANSWER }]);
		});

		await step('no-public-url', page, async () => {
			// No webhook: nobody subscribed a URL at Chert, and the event went out to none.
			const { subscriptions } = await chert<{ subscriptions: unknown[] }>('/webhook-subscriptions');
			expect(subscriptions).toEqual([]);
			const event = await chert<{ type: string; lead_id: string; delivery: { attempts: unknown[] } }>(
				`/events/${encodeURIComponent(sent.eventId)}`,
			);
			expect(event).toMatchObject({ type: 'message.received', lead_id: chatId });
			expect(event.delivery.attempts).toEqual([]);
		});

		await step('execution', page, async () => {
			// n8n ran the reply workflow once, started by its trigger, and it succeeded.
			await waitFor(async () => (await replyExecutions()).some((e) => e.status === 'success'), 'the reply workflow’s execution');
			const executions = await replyExecutions();
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ status: 'success', mode: 'trigger' });
		});
	});

	it('opens the reply workflow the demo printed: its trigger receives events via the event stream', async () => {
		const editor = await context.newPage();
		try {
			await step('reply-workflow', editor, async () => {
				await editor.goto(info.replies);
				await editor.waitForURL(/\/signin/);
				await editor.locator('#emailOrLdapLoginId').fill(info.email);
				await editor.locator('#password').fill(info.password);
				await editor.locator('[data-test-id="form-submit-button"]').click();
				await editor.waitForURL((url) => url.pathname === `/workflow/${REPLY_WORKFLOW_ID}`, { timeout: 60_000 });
				const node = (name: string) => editor.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
				await node('Chert Trigger').waitFor();
				await node('Send Message').waitFor();
				expect(await node('Chert Trigger').getAttribute('data-node-type')).toBe('n8n-nodes-chert.chertTrigger');
				await sleep(1000); // popovers open a moment after the canvas
				await editor.keyboard.press('Escape');
				await node('Chert Trigger').dblclick();
				const params = editor.locator('[data-test-id="node-parameters"]');
				await params.waitFor();
				const mode = params.locator('[data-test-id="parameter-input-deliveryMode"] input').first();
				await waitFor(async () => (await mode.inputValue()) === 'Event Stream (No Public URL Needed)', 'the delivery mode');
				await params.getByText('no public URL is needed').waitFor();
				await screenshot('reply-workflow-trigger', editor);
			});
		} finally {
			await editor.close();
		}
	});
});
