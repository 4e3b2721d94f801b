#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the README's two commands exactly as written (the first ```bash block), in a fresh
 * clone of this repository's HEAD, as a newcomer would: CI runs this with HOME pointing at an
 * empty folder, so npm's cache and the folder n8n is provisioned into start empty, and a
 * missing install step fails here instead of hiding behind a cache.
 *
 * The first command (the demo) must print DEMO_READY; then its form is submitted, the
 * example workflow must run to success and the phone page must show what the customer got;
 * a reply posted from the phone page must get the reply workflow's answer (its Chert Trigger
 * reads Chert's event stream); and Ctrl-C (SIGINT to its process group) must stop it
 * cleanly. The second command (the tests) must exit 0.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { n8nProcesses } = require('../test/e2e/lib/processes');

const REPO = path.resolve(__dirname, '..');
const DEMO_READY_MS = 30 * 60_000; // provisioning from nothing: Node, n8n and its natives
const WORKFLOW_ID = 'chertDemoWorkflw';
const REPLY_WORKFLOW_ID = 'chertDemoReplies';
const ANSWER_MS = 90_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.log(`[readme] ${message}`);

/** The README's commands: the lines of its first bash block, comments dropped. */
function readmeCommands() {
	const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
	const block = /^```bash\n([\s\S]*?)^```/m.exec(readme);
	if (!block) throw new Error('README.md has no ```bash block');
	const commands = block[1]
		.split('\n')
		.map((line) => line.replace(/\s+#.*$/, '').trim())
		.filter(Boolean);
	if (commands.length !== 2) throw new Error(`README's first bash block should hold 2 commands, not ${commands.length}`);
	return commands;
}

/** A newcomer's shell: nothing from an `npm run` or a test runner around this script. */
function userEnv() {
	return Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^npm_/i.test(key) && key !== 'NODE_ENV' && !key.startsWith('JEST_') && key !== 'INIT_CWD',
		),
	);
}

/** @param {string} url @param {RequestInit} [init] */
async function fetchText(url, init) {
	const response = await fetch(url, init);
	return { status: response.status, text: await response.text(), headers: response.headers };
}

/**
 * The demo's example, used as a user would: submit the form, see the run succeed in n8n.
 * @param {{ editor: string, email: string, password: string, form: string, phone: string }} info
 */
async function tryTheDemo(info) {
	const base = new URL(info.editor).origin;
	const form = await fetchText(info.form);
	if (form.status !== 200 || !form.text.includes('Get your order updates over iMessage')) {
		throw new Error(`the demo's form did not load: ${form.status}`);
	}
	const browserId = 'readme-check';
	const login = await fetchText(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: info.email, password: info.password }),
	});
	if (login.status !== 200) throw new Error(`the README's login did not work: ${login.status} ${login.text.slice(0, 300)}`);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

	const body = new FormData();
	body.append('field-0', 'Ana');
	body.append('field-1', '+14155550123');
	const submitted = await fetchText(info.form, { method: 'POST', body });
	if (submitted.status !== 200) throw new Error(`submitting the demo's form failed: ${submitted.status} ${submitted.text.slice(0, 300)}`);

	/** The workflow's finished executions. @param {string} workflowId */
	const finished = async (workflowId) => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const listed = await fetchText(`${base}/rest/executions?filter=${filter}`, {
			headers: { cookie, 'browser-id': browserId },
		});
		if (listed.status !== 200) throw new Error(`listing executions failed: ${listed.status} ${listed.text.slice(0, 300)}`);
		const results = /** @type {Array<{ status: string }>} */ (JSON.parse(listed.text).data.results);
		return results.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
	};

	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const [done] = await finished(WORKFLOW_ID);
		if (done) {
			if (done.status !== 'success') throw new Error(`the demo workflow ran with status ${done.status}`);
			const chatId = await customerSees(info.phone, '+14155550123');
			await customerGetsAnAnswer(info.phone, chatId);
			const [answered] = await finished(REPLY_WORKFLOW_ID);
			if (answered?.status !== 'success') {
				throw new Error(`the reply workflow's execution: ${answered ? `status ${answered.status}` : 'none'}`);
			}
			return;
		}
		await sleep(500);
	}
	throw new Error('the demo workflow did not finish within 60 s of the form being submitted');
}

/**
 * The customer's side that the demo prints: the phone page's chat with that number shows the
 * greeting and the follow-up (image, text, rich link).
 * @param {string} phoneUrl @param {string} number
 * @returns {Promise<string>} the chat's id
 */
async function customerSees(phoneUrl, number) {
	const page = await fetchText(phoneUrl);
	if (page.status !== 200) throw new Error(`the demo's phone page did not load: ${page.status}`);
	const state = JSON.parse((await fetchText(`${phoneUrl}/state`)).text);
	const chat = state.chats.find((c) => c.customers.includes(number));
	const kinds = chat?.messages.map((m) => m.parts.map((p) => p.type).join('+'));
	if (JSON.stringify(kinds) !== JSON.stringify(['text', 'media+text+rich_link'])) {
		throw new Error(`the phone page shows ${JSON.stringify(kinds)} to ${number}, not the greeting and the follow-up`);
	}
	return chat.id;
}

/**
 * The customer replies from the phone page (its reply route, as its Send button does) and the
 * demo's second workflow answers in the chat: the answer appears on the phone page after the reply.
 * @param {string} phoneUrl @param {string} chatId
 */
async function customerGetsAnAnswer(phoneUrl, chatId) {
	const text = `When will it arrive? (${Date.now()})`;
	const replied = await fetchText(`${phoneUrl}/chats/${encodeURIComponent(chatId)}/reply`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ text }),
	});
	if (replied.status !== 201) throw new Error(`replying from the phone page failed: ${replied.status} ${replied.text.slice(0, 300)}`);
	const { message_id: replyId } = JSON.parse(replied.text);

	const deadline = Date.now() + ANSWER_MS;
	let shown = [];
	while (Date.now() < deadline) {
		const state = JSON.parse((await fetchText(`${phoneUrl}/state`)).text);
		const messages = state.chats.find((c) => c.id === chatId)?.messages ?? [];
		shown = messages.map((m) => `${m.direction}: ${m.parts.map((p) => p.value ?? p.type).join(' + ')}`);
		const after = messages.slice(messages.findIndex((m) => m.id === replyId) + 1);
		const answer = after.find((m) => m.direction === 'outbound' && m.parts.some((p) => p.type === 'text' && p.value.includes(text)));
		if (messages.some((m) => m.id === replyId) && answer) return;
		await sleep(500);
	}
	throw new Error(`no answer to the phone page's reply within ${ANSWER_MS / 1000} s; the chat shows ${JSON.stringify(shown)}`);
}

/** @param {string} command @param {string} cwd @param {string} logFile */
async function runDemo(command, cwd, logFile) {
	const out = fs.openSync(logFile, 'w');
	// Its own process group, so SIGINT reaches npm and everything below it, as Ctrl-C does.
	const child = spawn('bash', ['-c', command], { cwd, env: userEnv(), stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	let exitValue;
	void exited.then((value) => (exitValue = value));
	const output = () => fs.readFileSync(logFile, 'utf8');
	const stop = async () => {
		if (exitValue !== undefined) return exitValue;
		process.kill(-(/** @type {number} */ (child.pid)), 'SIGINT');
		const result = await Promise.race([exited, sleep(60_000).then(() => 'timeout')]);
		if (result === 'timeout') {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
			throw new Error(`"${command}" did not stop within 60 s of Ctrl-C`);
		}
		return result;
	};

	try {
		const deadline = Date.now() + DEMO_READY_MS;
		let info;
		while (!info) {
			const line = output()
				.split('\n')
				.find((l) => l.startsWith('DEMO_READY '));
			if (line) info = JSON.parse(line.slice('DEMO_READY '.length));
			else if (exitValue !== undefined) throw new Error(`"${command}" exited (${exitValue}) before DEMO_READY`);
			else if (Date.now() > deadline) throw new Error(`"${command}" printed no DEMO_READY within ${DEMO_READY_MS / 60_000} minutes`);
			else await sleep(1000);
		}
		log(`demo ready: ${info.editor}`);
		await tryTheDemo(info);
		log('the demo form ran the example workflow to success, the phone page shows what the customer got, and a reply from it got its answer');
		const port = Number(new URL(info.editor).port);
		const code = await stop();
		// Ctrl-C reaches the shell and npm too, which end by the signal as they do in a terminal;
		// what matters is that the demo stopped n8n and the sandbox and left nothing running.
		if (code !== 0 && code !== 130 && code !== 'SIGINT') throw new Error(`"${command}" exited with ${code} after Ctrl-C`);
		if (!output().includes('[demo] stopping n8n and the sandbox')) throw new Error('the demo did not stop itself on Ctrl-C');
		const left = n8nProcesses(port);
		if (left.length > 0) throw new Error(`n8n processes left after Ctrl-C: ${left.join(', ')}`);
		const answers = await fetch(info.editor).then(
			() => true,
			() => false,
		);
		if (answers) throw new Error(`something still answers on the demo's n8n port ${port} after Ctrl-C`);
		log('Ctrl-C stopped the demo, n8n and the sandbox');
	} catch (error) {
		await stop().catch(() => undefined);
		console.log(output().slice(-6000));
		throw error;
	}
}

async function main() {
	const [demo, tests] = readmeCommands();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chert-readme-'));
	const clone = path.join(work, 'n8n-nodes-chert');
	execFileSync('git', ['clone', '--quiet', REPO, clone], { stdio: 'inherit' });
	log(`fresh clone of HEAD in ${clone}; HOME=${os.homedir()}`);
	const results = [];
	try {
		const started = Date.now();
		log(`$ ${demo}`);
		await runDemo(demo, clone, path.join(work, 'demo.out'));
		results.push(`"${demo}" worked in ${Math.round((Date.now() - started) / 1000)} s`);

		const testsStarted = Date.now();
		log(`$ ${tests}`);
		execFileSync('bash', ['-c', tests], { cwd: clone, env: userEnv(), stdio: 'inherit' });
		results.push(`"${tests}" passed in ${Math.round((Date.now() - testsStarted) / 1000)} s`);
	} finally {
		for (const result of results) log(result);
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error('[readme] failed:', error instanceof Error ? error.message : error);
	process.exit(1);
});
