#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run demo`: a real n8n with this package installed, against a local Chert sandbox.
 * Builds and packs the package, provisions Node 24 + n8n (cached after the first run),
 * starts the sandbox and n8n on localhost, creates the owner account, imports a credential
 * for the sandbox and two example workflows (a form that texts the customer; a Chert Trigger
 * on Chert's event stream that answers the customer's replies from the sandbox's phone page),
 * and prints where to go. Ctrl-C stops everything.
 *
 * Environment: DEMO_N8N_PORT (default 5678, or a free port when taken; 0 = any free port), DEMO_SANDBOX_PORT (default a
 * free port), DEMO_EXIT_AFTER_READY=1 (stop once ready: used by tests).
 */
const { startSandbox } = require('../test/sandbox');
const { N8n, OWNER } = require('../test/e2e/lib/n8n');
const { freePort } = require('../test/e2e/lib/ports');
const { chertCredential } = require('../test/e2e/lib/workflows');
const {
	demoWorkflow,
	replyWorkflow,
	DEMO_WORKFLOW_ID,
	FORM_WEBHOOK_ID,
	REPLY_WORKFLOW_ID,
} = require('../test/e2e/lib/demo-workflow');

async function portOr(preferred) {
	const net = require('node:net');
	const free = await new Promise((resolve) => {
		const server = net.createServer().once('error', () => resolve(false));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? preferred : await freePort();
}

// The follow-up's image: a small drawing of a parcel (120×90), so the phone page shows a picture.
const PARCEL_PNG =
	'iVBORw0KGgoAAAANSUhEUgAAAHgAAABaCAIAAAD8YgW4AAAA1ElEQVR42u3csQ2AIBBAUQZzFBdwH8NEtqzhADS09hZ2ckBe8gcgr7jkKC7V2tShhAA0aIEGDZoCaNACDRo0BdCgBXp+6HxsevUX9HXuId0lfxT1KtCgQYMGDRo0aNCgLSzjLCzow/46ug2TEUYHaNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aNCgQYMGDRo0aFfCprgSJtCgQQs0aIEGDVqgF+gByoIREDjH7QIAAAAASUVORK5CYII=';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * n8n 2.x activates published workflows a few seconds after it answers: the reply workflow
 * is live once its trigger holds the sandbox's event stream open. Waited for, so that a
 * reply typed as soon as the demo says it is ready gets its answer.
 * @param {{ openStreams: () => number }} sandbox
 */
async function replyWorkflowListening(sandbox) {
	const deadline = Date.now() + 90_000;
	while (sandbox.openStreams() === 0) {
		if (Date.now() > deadline) {
			console.warn('[demo] the reply workflow has not opened Chert\'s event stream after 90 s: see n8n\'s log');
			return;
		}
		await sleep(250);
	}
}

async function main() {
	// n8n runs on http://127.0.0.1 here: the sandbox accepts that as a webhook URL (real Chert
	// requires https), so a Chert Trigger can be activated in the demo too.
	const sandbox = await startSandbox({ port: Number(process.env.DEMO_SANDBOX_PORT ?? 0) || undefined, allowHttpWebhooks: true });
	const sender = sandbox.config.phoneNumbers[0].phone_number;
	const attachmentId = sandbox.addInboundAttachment({
		filename: 'parcel.png',
		content_type: 'image/png',
		bytes: Buffer.from(PARCEL_PNG, 'base64'),
	});
	console.log(`[demo] Chert sandbox on ${sandbox.url}`);

	const n8n = await new N8n().prepare();
	// 0 (or anything not a port) means any free port, as DEMO_SANDBOX_PORT does: n8n itself never reports ready on port 0.
	const wanted = Number(process.env.DEMO_N8N_PORT ?? 5678);
	n8n.port = wanted > 0 ? await portOr(wanted) : await freePort();
	await n8n.importCredentials([chertCredential(sandbox.url, sandbox.signingSecret)]);
	await n8n.importWorkflow([demoWorkflow({ sender, attachmentId }), replyWorkflow()]);
	// Both live from the start: the form's webhook, and the trigger's event stream.
	await n8n.publishWorkflow(DEMO_WORKFLOW_ID);
	await n8n.publishWorkflow(REPLY_WORKFLOW_ID);
	console.log(`[demo] starting n8n ${n8n.provisioned.n8nVersion} (logs: ${n8n.logDir}/server.out)`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\n[demo] stopping n8n and the sandbox…');
		await n8n.stop();
		await sandbox.close();
		n8n.cleanUp();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	await n8n.start();
	await n8n.loginOwner();
	await replyWorkflowListening(sandbox);

	const info = {
		editor: `${n8n.baseUrl}/workflow/${DEMO_WORKFLOW_ID}`,
		email: OWNER.email,
		password: OWNER.password,
		form: `${n8n.baseUrl}/form/${FORM_WEBHOOK_ID}`,
		sandbox: sandbox.url,
		phone: `${sandbox.url}/phone`,
		sender,
		replies: `${n8n.baseUrl}/workflow/${REPLY_WORKFLOW_ID}`,
	};
	console.log(`
n8n is running with n8n-nodes-chert installed.

  Editor:    ${info.editor}
  Login:     ${info.email} / ${info.password}
  Try it:    ${info.form}   (submit a name and an E.164 number, e.g. +14155550123)
  Phone:     ${info.phone}   (the customer's side: what they received, and a box to reply)
  Replies:   ${info.replies}   (answers each reply over Chert's event stream: no public URL)

The "Chert sandbox" credential points at the local Chert sandbox (${info.sandbox}, a fake of
Chert's API: nothing is really sent). Its sender number is ${sender}. To use a real Chert
account, open the credential and set your signing secret and https://console.trychert.com.

Press Ctrl-C to stop.
DEMO_READY ${JSON.stringify(info)}`);

	if (process.env.DEMO_EXIT_AFTER_READY === '1') await stop();
}

main().catch((error) => {
	console.error('[demo] failed:', error);
	process.exit(1);
});
