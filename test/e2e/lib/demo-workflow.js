// @ts-check
'use strict';

/**
 * The example workflows the demo imports:
 * - a form asks for a name and a phone number, then Chert starts a chat with a greeting and
 *   follows up with an image and a rich link;
 * - a Chert Trigger in Event Stream mode (no public URL needed) answers every message a
 *   customer sends, e.g. a reply typed on the sandbox's phone page.
 */
const { chertNode, chertTriggerNode, workflow } = require('./workflows');

const DEMO_WORKFLOW_ID = 'chertDemoWorkflw';
const FORM_WEBHOOK_ID = '5c0e7b1e-0d3a-4c35-9a52-0000c4e7d001';
const REPLY_WORKFLOW_ID = 'chertDemoReplies';
// The editor gives every node with a webhook description an id, also when its mode uses none.
const REPLY_TRIGGER_WEBHOOK_ID = '5c0e7b1e-0d3a-4c35-9a52-0000c4e7d002';
/** What the answer says, before the customer's text and the closing quote. */
const REPLY_ANSWER_PREFIX = 'Thanks! We got your message: “';

/**
 * @param {{ sender: string, attachmentId: string }} options
 */
function demoWorkflow({ sender, attachmentId }) {
	const form = {
		id: 'node-form',
		name: 'Sign-up Form',
		type: 'n8n-nodes-base.formTrigger',
		typeVersion: 2.2,
		position: [0, 0],
		webhookId: FORM_WEBHOOK_ID,
		parameters: {
			formTitle: 'Get your order updates over iMessage',
			formDescription: 'Leave your number and we will text you.',
			formFields: {
				values: [
					{ fieldLabel: 'Name', requiredField: true },
					{ fieldLabel: 'Phone', placeholder: '+14155550123', requiredField: true },
				],
			},
			options: {},
		},
	};
	return workflow(DEMO_WORKFLOW_ID, 'Chert demo: form → iMessage', [
		form,
		chertNode('Create Chat', {
			resource: 'chat',
			operation: 'create',
			from: sender,
			to: '={{ $json.Phone }}',
			parts: { part: [{ type: 'text', text: '=Hi {{ $json.Name }}, thanks for signing up! Your order is being packed.' }] },
		}, [260, 0]),
		chertNode('Send Message', {
			resource: 'message',
			operation: 'send',
			chatId: '={{ $json.chatId }}',
			parts: {
				part: [
					{ type: 'media', attachmentId },
					{ type: 'text', text: 'Track your parcel here:' },
					{ type: 'rich_link', url: 'https://example.com/track/1234', title: 'Order #1234', summary: 'Packed — ships tomorrow' },
				],
			},
		}, [520, 0]),
	]);
}

/**
 * Chert Trigger (Receive Events Via: Event Stream) → Send Message: n8n holds Chert's event
 * stream open, so a customer's message reaches the workflow without n8n being reachable
 * from outside, and the answer goes back into the same chat.
 */
function replyWorkflow() {
	return workflow(REPLY_WORKFLOW_ID, 'Chert demo: answer replies (Event Stream)', [
		chertTriggerNode({ deliveryMode: 'eventStream', events: ['message.received'], options: {} }, REPLY_TRIGGER_WEBHOOK_ID),
		chertNode('Send Message', {
			resource: 'message',
			operation: 'send',
			chatId: '={{ $json.chatId }}',
			parts: { part: [{ type: 'text', text: `=${REPLY_ANSWER_PREFIX}{{ $json.text }}”` }] },
		}, [260, 0]),
	]);
}

module.exports = {
	demoWorkflow,
	replyWorkflow,
	DEMO_WORKFLOW_ID,
	FORM_WEBHOOK_ID,
	REPLY_WORKFLOW_ID,
	REPLY_ANSWER_PREFIX,
};
