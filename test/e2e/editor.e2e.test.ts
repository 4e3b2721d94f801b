/**
 * The node as a user sees it in n8n's editor: `npm run demo` (a real n8n 2.41.1 with the packed
 * package, the Chert sandbox, the "Chert sandbox" credential and the example workflow), driven
 * by Debian's Chromium through playwright-core.
 *
 * Logs in, opens the example workflow and the Chert "Create Chat" node, checks and edits its
 * panel (credential, resource and operation, the parts editor with its fields per part type),
 * adds a Rich Link part, then runs the workflow from the editor by submitting the test form n8n
 * opens, and checks the run in n8n (canvas and REST) and in the sandbox (the messages it
 * stored). Then the published form, and what switching the resource does to the panel.
 *
 * Screenshots go to artifacts/screenshots/editor-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { DEFAULT_SIGNING_SECRET } from '../sandbox/config';
import { launchChromium } from './lib/chromium';
import { DemoProcess, submitDemoForm, type DemoInfo } from './lib/demo-process';
import { REPO } from './lib/provision';

type Execution = { id: string; mode: string; status: string; workflowId: string };
type SandboxPart = { type: string; [key: string]: unknown };
type SandboxMessage = { id: string; chat_id: string; parts: SandboxPart[] };

const ARTIFACTS = path.join(REPO, 'artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const DEMO_LOG = path.join(ARTIFACTS, 'editor-demo.out');
const WORKFLOW_ID = 'chertDemoWorkflw';
// Unique per run, so what the sandbox stored is recognisably from this run.
const RICH_LINK_URL = `https://example.com/welcome/${Date.now()}`;
const RICH_LINK_TITLE = 'Welcome aboard';
const TEST_FORM = { name: 'Ana', phone: '+14155550123' };
const PRODUCTION_FORM = { name: 'Ben', phone: '+14155550124' };

const demo = new DemoProcess(DEMO_LOG);
let info: DemoInfo;
let baseUrl: string;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let shots = 0;
/** A screenshot of what the user sees, as artifacts/screenshots/editor-NN-name.png. */
async function screenshot(name: string, target: Page = page): Promise<string> {
	const file = path.join(SCREENSHOTS, `editor-${String(++shots).padStart(2, '0')}-${name}.png`);
	await target.screenshot({ path: file });
	return file;
}

/** Runs one step; on failure saves a screenshot and the page's HTML before rethrowing. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		if (page && !page.isClosed()) {
			const base = path.join(SCREENSHOTS, `editor-failed-${name}`);
			await page.screenshot({ path: `${base}.png` }).catch(() => undefined);
			fs.writeFileSync(`${base}.html`, await page.content().catch(() => ''));
		}
		throw error;
	}
}

/** Closes what n8n may put over the canvas on a first visit (checklists, notices, surveys, locks). */
async function dismissNotices(): Promise<void> {
	for (let round = 0; round < 3; round++) {
		let dismissed = false;
		// "Production Checklist" and other suggested-action popovers.
		const suggested = page.locator('[data-test-id="suggested-actions-close"]:visible');
		if (await suggested.count()) {
			await suggested.first().click();
			dismissed = true;
		}
		// Another tab (an earlier session) holds the workflow's edit lock.
		const editHere = page.getByRole('button', { name: 'Edit here' });
		if (await editHere.isVisible()) {
			await editHere.click();
			dismissed = true;
		}
		// Any modal dialog: personalization survey, "what's new", community-node notices.
		const dialogs = page.locator('.el-overlay:visible .el-dialog, [role="dialog"].el-dialog:visible');
		if (await dialogs.count()) {
			const close = dialogs.first().getByRole('button', { name: /close/i });
			if (await close.count()) await close.first().click();
			else await page.keyboard.press('Escape');
			dismissed = true;
		}
		if (!dismissed) return;
		await sleep(500);
	}
}

/**
 * The options of one select. n8n's selects (element-plus) render their list in a popper on the
 * body; the select's input names it in aria-controls.
 */
async function listbox(select: Locator): Promise<Locator> {
	const id = await select.locator('input[role="combobox"]').first().getAttribute('aria-controls');
	if (!id) throw new Error(`no listbox for ${select}`);
	return page.locator(`[id="${id}"]`);
}

/** Opens a select and returns its options' first lines (names without descriptions). */
async function openSelect(select: Locator): Promise<string[]> {
	const list = await listbox(select);
	await select.click();
	await list.locator('[role="option"]').first().waitFor();
	return (await list.locator('[role="option"]').allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

/** Picks an option by its name in an open select, and waits for the list to close. */
async function pick(select: Locator, option: string): Promise<void> {
	const list = await listbox(select);
	// An option shows its name and, below, its description.
	await list.locator('[role="option"]').filter({ has: page.getByText(option, { exact: true }) }).click();
	await list.waitFor({ state: 'hidden' });
	await expectValue(select.locator('input').first(), option);
}

async function closeSelect(select: Locator): Promise<void> {
	const list = await listbox(select);
	await page.keyboard.press('Escape');
	await list.waitFor({ state: 'hidden' });
}

async function choose(select: Locator, option: string): Promise<void> {
	await openSelect(select);
	await pick(select, option);
}

async function expectValue(input: Locator, value: string): Promise<void> {
	await waitFor(async () => (await input.inputValue()) === value, `the value "${value}" in ${input}`);
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await sleep(200);
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** The labels of the visible parameters in a part of the parts editor. */
async function fieldLabels(scope: Locator): Promise<string[]> {
	const labels = await scope.locator('[data-test-id="parameter-item"] [data-test-id="input-label"] label').allInnerTexts();
	return labels.map((label) => label.split('\n')[0].trim());
}

/** n8n's REST API from inside the page: its auth cookie is tied to the browser-id header. */
async function rest<T>(pathname: string): Promise<T> {
	const result = await page.evaluate(async (url) => {
		const response = await fetch(url, {
			headers: { 'browser-id': (globalThis as any).localStorage.getItem('n8n-browserId') ?? '' },
		});
		return { status: response.status, text: await response.text() };
	}, pathname);
	if (result.status !== 200) throw new Error(`GET ${pathname}: ${result.status} ${result.text.slice(0, 500)}`);
	return (JSON.parse(result.text) as { data: T }).data;
}

async function executions(): Promise<Execution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
	return (await rest<{ results: Execution[] }>(`/rest/executions?filter=${filter}`)).results;
}

/** n8n stores run data "flatted": an array of values whose strings inside objects are indexes. */
function unflatten(text: string): any {
	const input = JSON.parse(text) as unknown[];
	const done = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		const value = input[index];
		if (typeof value !== 'object' || value === null) return value;
		if (done.has(index)) return done.get(index);
		const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		done.set(index, out);
		for (const [key, ref] of Object.entries(value)) {
			(out as Record<string, unknown>)[key] = typeof ref === 'string' ? resolve(Number(ref)) : ref;
		}
		return out;
	};
	return resolve(0);
}

/** The first output item of each node in one execution. */
async function outputs(executionId: string): Promise<Record<string, Record<string, any>>> {
	const execution = await rest<{ data: string }>(`/rest/executions/${executionId}`);
	const runData = unflatten(execution.data).resultData.runData as Record<string, any[]>;
	return Object.fromEntries(
		Object.entries(runData).map(([node, runs]) => [node, runs[0]?.data?.main?.[0]?.[0]?.json ?? {}]),
	);
}

async function waitForExecution(seen: Set<string>, mode: (m: string) => boolean): Promise<Execution> {
	let found: Execution | undefined;
	await waitFor(
		async () => {
			found = (await executions()).find((e) => !seen.has(e.id) && mode(e.mode) && e.status !== 'running' && e.status !== 'new');
			return found !== undefined;
		},
		'a finished execution',
		60_000,
	);
	return found!;
}

/** What the sandbox stored for a chat, read through its API like any client. */
async function sandboxMessages(chatId: string): Promise<SandboxMessage[]> {
	const response = await fetch(`${info.sandbox}/api/v1/chats/${encodeURIComponent(chatId)}/messages`, {
		headers: { authorization: `Bearer ${DEFAULT_SIGNING_SECRET}`, connection: 'close' },
	});
	const body = (await response.json()) as { messages: SandboxMessage[] };
	if (response.status !== 200) throw new Error(`sandbox: ${response.status} ${JSON.stringify(body)}`);
	// Oldest first, whatever order the sandbox lists them in.
	return [...body.messages].sort((a, b) =>
		String((a as any).created_at).localeCompare(String((b as any).created_at)),
	);
}

const canvasNode = (name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
const ndv = () => page.locator('[data-test-id="ndv"]');
const params = () => page.locator('[data-test-id="node-parameters"]');
const partItems = () => params().locator('[data-test-id="fixed-collection-parts"] [data-draggable="true"]');

async function openNode(name: string): Promise<void> {
	await canvasNode(name).dblclick();
	await params().waitFor({ timeout: 15_000 });
	await expectText(page.locator('[data-test-id="node-title-container"]'), name);
}

/** For a test that starts on the canvas: an earlier test that failed with the panel open leaves it over the canvas. */
async function backToCanvas(): Promise<void> {
	if (await ndv().isVisible().catch(() => false)) await closeNode();
}

async function closeNode(): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await ndv().waitFor({ state: 'hidden' });
}

async function expectText(locator: Locator, text: string): Promise<void> {
	await waitFor(async () => (await locator.innerText()).includes(text), `"${text}" in ${locator}`);
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	for (const file of fs.readdirSync(SCREENSHOTS)) {
		if (file.startsWith('editor-')) fs.rmSync(path.join(SCREENSHOTS, file));
	}
	browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
	context = browser.context;
	context.setDefaultTimeout(30_000);
	page = context.pages()[0] ?? (await context.newPage());
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});

	info = await demo.start();
	baseUrl = new URL(info.editor).origin;
}, 10 * 60_000);

afterAll(async () => {
	await browser?.close();
	const problems = await demo.stop();
	if (problems.length > 0) throw new Error(problems.join('\n'));
}, 120_000);

describe('the Chert node in the n8n editor', () => {
	it('signs in and opens the example workflow', async () => {
		await step('sign-in', async () => {
			await page.goto(info.editor);
			await page.waitForURL(/\/signin/);
			await page.locator('#emailOrLdapLoginId').fill(info.email);
			await page.locator('#password').fill(info.password);
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((url) => url.pathname === `/workflow/${WORKFLOW_ID}`, { timeout: 60_000 });
		});
		await step('canvas', async () => {
			await canvasNode('Create Chat').waitFor();
			await sleep(1000); // popovers open a moment after the canvas
			await dismissNotices();
			for (const name of ['Sign-up Form', 'Create Chat', 'Send Message']) {
				await expect(canvasNode(name).isVisible()).resolves.toBe(true);
			}
			expect(await canvasNode('Create Chat').getAttribute('data-node-type')).toBe('n8n-nodes-chert.chert');
		});
	});

	it('shows the Create Chat panel: credential, resource, operation and the parts editor', async () => {
		await step('open-node', async () => {
			await openNode('Create Chat');
			await dismissNotices();
		});
		const panel = params();
		await step('panel', async () => {
			await expectValue(panel.locator('[data-test-id="node-credentials-select"] input'), 'Chert sandbox');
			await expectValue(panel.locator('[data-test-id="parameter-input-resource"] input'), 'Chat');
			await expectValue(panel.locator('[data-test-id="parameter-input-operation"] input'), 'Create');
			// From is a list loaded from Chert: its input shows the number once the list is in.
			await expectValue(panel.locator('[data-test-id="parameter-input-from"] input'), info.sender);
			await expectText(panel.locator('[data-test-id="parameter-input-to"]'), '{{ $json.Phone }}');
			await waitFor(async () => (await partItems().count()) === 1, 'the one part of the example');
			const first = partItems().first();
			expect(await first.locator('[data-test-id="parameter-input-type"] input').inputValue()).toBe('Text');
			expect(await fieldLabels(first)).toEqual(['Type', 'Text']);
			await expectText(first.locator('[data-test-id="parameter-input-text"]'), 'thanks for signing up!');
			await expect(panel.locator('[data-test-id="fixed-collection-add"]').innerText()).resolves.toContain('Add Part');
			await screenshot('create-chat-panel');
		});

		await step('credential', async () => {
			const select = panel.locator('[data-test-id="node-credentials-select"]');
			await select.click();
			const item = page.locator('[data-test-id="node-credentials-select-item-chertSandboxCred"]');
			await item.waitFor();
			expect(await item.innerText()).toContain('Chert sandbox');
			await page.locator('[data-test-id="node-credentials-select-item-new"]').waitFor();
			await item.click();
			await expectValue(select.locator('input'), 'Chert sandbox');

			// The credential's own form opens from the panel, with the sandbox connection tested.
			await panel.locator('[data-test-id="credential-edit-button"]').click();
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await modal.locator('[data-test-id="parameter-input-signingSecret"]').waitFor();
			await modal.locator('[data-test-id="parameter-input-baseUrl"]').waitFor();
			expect(await modal.locator('[data-test-id="parameter-input-baseUrl"] input').inputValue()).toBe(info.sandbox);
			await modal.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
			await screenshot('credential-modal');
			await modal.getByRole('button', { name: 'Close this dialog' }).click();
			await modal.waitFor({ state: 'hidden' });
			await panel.waitFor();
		});

		await step('resource-operation', async () => {
			const resource = panel.locator('[data-test-id="parameter-input-resource"]');
			expect(await openSelect(resource)).toEqual(expect.arrayContaining(['Chat', 'Message']));
			await pick(resource, 'Chat');
			const operation = panel.locator('[data-test-id="parameter-input-operation"]');
			expect(await openSelect(operation)).toContain('Create');
			await pick(operation, 'Create');
			// From offers the account's active numbers, loaded from Chert through the credential.
			const from = panel.locator('[data-test-id="parameter-input-from"]');
			expect(await openSelect(from)).toContain(info.sender);
			await pick(from, info.sender);
		});
	});

	it('edits the parts: a new part switches between Media and Rich Link fields', async () => {
		await step('add-part', async () => {
			await params().locator('[data-test-id="fixed-collection-add"]').click();
			await waitFor(async () => (await partItems().count()) === 2, 'a second part');
		});
		const part = partItems().nth(1);
		const type = part.locator('[data-test-id="parameter-input-type"]');
		await step('part-types', async () => {
			// A new part starts as Text.
			expect(await type.locator('input').inputValue()).toBe('Text');
			expect(await fieldLabels(part)).toEqual(['Type', 'Text']);
			expect(await openSelect(type)).toEqual(['Text', 'Media', 'Rich Link', 'Link (Legacy)']);
			await closeSelect(type);
		});
		await step('media', async () => {
			await choose(type, 'Media');
			await waitFor(async () => (await fieldLabels(part)).includes('Attachment ID'), 'the Attachment ID field');
			expect(await fieldLabels(part)).toEqual(['Type', 'Media Source', 'Attachment ID']);
			await part.locator('[data-test-id="parameter-input-attachmentId"] input').scrollIntoViewIfNeeded();
			await screenshot('part-media');
			// A file from a previous node instead: the field names the item's binary property.
			const source = part.locator('[data-test-id="parameter-input-source"]');
			expect(await openSelect(source)).toEqual(['Binary File', 'Attachment ID']);
			await closeSelect(source);
			await choose(source, 'Binary File');
			await waitFor(async () => (await fieldLabels(part)).includes('Binary Property'), 'the Binary Property field');
			expect(await fieldLabels(part)).toEqual(['Type', 'Media Source', 'Binary Property']);
			expect(await part.locator('[data-test-id="parameter-input-binaryProperty"] input').inputValue()).toBe('data');
			await screenshot('part-media-binary');
		});
		await step('rich-link', async () => {
			await choose(type, 'Rich Link');
			await waitFor(async () => (await fieldLabels(part)).includes('URL'), 'the Rich Link fields');
			expect(await fieldLabels(part)).toEqual(['Type', 'URL', 'Title', 'Summary', 'Image URL', 'Icon URL']);
			const url = part.locator('[data-test-id="parameter-input-url"] input');
			const title = part.locator('[data-test-id="parameter-input-title"] input');
			await url.fill(RICH_LINK_URL);
			await title.fill(RICH_LINK_TITLE);
			await title.blur();
			await expectValue(url, RICH_LINK_URL);
			await expectValue(title, RICH_LINK_TITLE);
			await part.locator('[data-test-id="parameter-input-iconUrl"]').scrollIntoViewIfNeeded();
			await sleep(300);
			await screenshot('part-rich-link');
		});
		await step('close-panel', async () => {
			await closeNode();
			// Reopened, the panel keeps both parts.
			await openNode('Create Chat');
			// The panel draws the parts list after its first fields, so wait for it rather than count at once.
			await waitFor(async () => (await partItems().count()) === 2, 'both parts after reopening');
			await expectValue(partItems().nth(1).locator('[data-test-id="parameter-input-type"] input'), 'Rich Link');
			await expectValue(partItems().nth(1).locator('[data-test-id="parameter-input-url"] input'), RICH_LINK_URL);
			await closeNode();
		});
	});

	it('runs the workflow from the editor through the test form', async () => {
		const seen = new Set((await executions()).map((e) => e.id));
		const popup = await step('execute', async () => {
			await backToCanvas();
			const opened = context.waitForEvent('page', { timeout: 30_000 });
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			return await opened;
		});
		await step('test-form', async () => {
			await popup.waitForLoadState();
			expect(popup.url()).toBe(`${baseUrl}/form-test/${new URL(info.form).pathname.split('/').pop()}`);
			await popup.getByText('Get your order updates over iMessage').waitFor();
			await page.getByText('Waiting for you to submit the form').waitFor();
			await screenshot('canvas-waiting-for-form');
			await popup.getByLabel('Name').fill(TEST_FORM.name);
			await popup.getByLabel('Phone').fill(TEST_FORM.phone);
			await screenshot('test-form', popup);
			await popup.locator('#submit-btn').click();
			await popup.getByText('Form Submitted').waitFor();
			await popup.close();
		});
		const execution = await step('canvas-success', async () => {
			for (const name of ['Sign-up Form', 'Create Chat', 'Send Message']) {
				await canvasNode(name).locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 60_000 });
			}
			await page.getByText('Workflow executed successfully').waitFor();
			await page.locator('[data-test-id="execute-workflow-button"]').getByText('Execute workflow').waitFor();
			await sleep(1000); // the toast slides in
			await screenshot('canvas-after-execution');
			return waitForExecution(seen, (mode) => mode === 'manual');
		});
		await step('execution', async () => {
			expect(execution.status).toBe('success');
			const out = await outputs(execution.id);
			expect(out['Sign-up Form']).toMatchObject({ Name: TEST_FORM.name, Phone: TEST_FORM.phone });
			const created = out['Create Chat'];
			expect(created.chatId).toEqual(expect.any(String));
			expect(out['Send Message'].chatId).toBe(created.chatId);

			// The sandbox got the first message with the part added in the editor, then the follow-up.
			const [first, followUp, ...more] = await sandboxMessages(created.chatId);
			expect(more).toEqual([]);
			expect(first.id).toBe(created.messageId);
			expect(first.parts.map((p) => p.type)).toEqual(['text', 'rich_link']);
			expect(first.parts[0].value).toBe(`Hi ${TEST_FORM.name}, thanks for signing up! Your order is being packed.`);
			expect(first.parts[1]).toMatchObject({ url: RICH_LINK_URL, title: RICH_LINK_TITLE });
			expect(followUp.id).toBe(out['Send Message'].messageId);
			expect(followUp.parts.map((p) => p.type)).toEqual(['media', 'text', 'rich_link']);
		});
	});

	it('answers the published form: a chat is created', async () => {
		const seen = new Set((await executions()).map((e) => e.id));
		const formPage = await context.newPage();
		try {
			await step('production-form', async () => {
				await submitDemoForm(formPage, info.form, PRODUCTION_FORM);
				await screenshot('production-form-submitted', formPage);
			});
		} finally {
			await formPage.close();
		}
		await step('production-execution', async () => {
			const execution = await waitForExecution(seen, (mode) => mode !== 'manual');
			expect(execution.status).toBe('success');
			const out = await outputs(execution.id);
			const chatId = out['Create Chat'].chatId as string;
			const messages = await sandboxMessages(chatId);
			// The published version: the example as imported, without the part added in the editor.
			expect(messages.map((m) => m.parts.map((p) => p.type))).toEqual([['text'], ['media', 'text', 'rich_link']]);
			expect(messages[0].parts[0].value).toBe(`Hi ${PRODUCTION_FORM.name}, thanks for signing up! Your order is being packed.`);
		});
	});

	it('shows the run in the panel, and switches it between Chat → Create and Message → Send', async () => {
		await step('panel-after-run', async () => {
			await backToCanvas();
			await openNode('Create Chat');
			// The input is the test form's answer; the output, the chat and message ids.
			const input = page.locator('[data-test-id="ndv-input-panel"]');
			const output = page.locator('[data-test-id="output-panel"]');
			await expectText(input, TEST_FORM.phone);
			await expectText(output, 'chatId');
			await expectText(output, 'messageId');
			await screenshot('create-chat-after-run');
		});
		await step('resource-switch', async () => {
			const panel = params();
			await choose(panel.locator('[data-test-id="parameter-input-resource"]'), 'Message');
			const operation = panel.locator('[data-test-id="parameter-input-operation"]');
			await expectValue(operation.locator('input'), 'Send');
			await waitFor(async () => (await fieldLabels(panel)).includes('Chat ID'), 'the Chat ID field');
			const labels = await fieldLabels(panel);
			expect(labels).not.toContain('From Name or ID');
			expect(labels).not.toContain('To');
			expect(labels).toContain('Parts');
			await screenshot('message-send-panel');

			await choose(panel.locator('[data-test-id="parameter-input-resource"]'), 'Chat');
			await expectValue(operation.locator('input'), 'Create');
			await waitFor(async () => (await fieldLabels(panel)).includes('From Name or ID'), 'the From field');
			expect(await fieldLabels(panel)).not.toContain('Chat ID');
			// The parts survive the switch (both operations have a Parts editor).
			await waitFor(async () => (await partItems().count()) >= 1, 'the parts after switching back');
			await closeNode();
		});
		// The n8n UI logs a 401 before sign-in; nothing else is expected, but report what there is.
		const unexpected = consoleErrors.filter((e) => !/status of 401/.test(e));
		if (unexpected.length > 0) console.warn(`console errors in the editor:\n${unexpected.join('\n')}`);
	});
});
