import { ANA, AUTOMATIC_KEY, apiRequests, chertNode, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const sendToPhone = (parameters: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation: 'sendToPhoneNumber',
	phone: ANA,
	body: 'Your code is 481516',
	...parameters,
});

describe('Message → Send to Phone Number, run by n8n against the sandbox', () => {
	it('sends every option under its API name, and outputs chatId = lead_id and messageId = message_id', async () => {
		const photo = sandbox.addInboundAttachment({ filename: 'a.png', content_type: 'image/png', bytes: 'png' });
		const receipt = sandbox.addInboundAttachment({ filename: 'r.pdf', content_type: 'application/pdf', bytes: 'pdf' });
		const options = {
			idempotencyKey: 'otp-1',
			name: 'Ana',
			externalId: 'crm-42',
			phoneLineId: 'line_2',
			attachmentIds: `${photo}, ${receipt}`,
			effect: 'confetti',
		};

		const result = await runChert(sandbox, [chertNode('Send', sendToPhone({ options }))]);

		expect(result.error).toBeUndefined();
		const [request] = apiRequests(sandbox);
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/send' });
		expect(request.body).toEqual({
			phone: ANA,
			body: 'Your code is 481516',
			idempotency_key: 'otp-1',
			name: 'Ana',
			external_id: 'crm-42',
			phone_line_id: 'line_2',
			attachments: [photo, receipt],
			effect: 'confetti',
		});
		const [output] = result.output('Send');
		const [delivery] = sandbox.state.messagesDelivered;
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({
			chatId: delivery.chatId,
			messageId: delivery.messageId,
			status: 'queued',
			message_id: delivery.messageId,
			lead_id: delivery.chatId,
			lead_created: true,
			convo_id: delivery.chatId,
			phone_line_id: 'line_2',
			idempotencyKey: 'otp-1',
		});
		expect(delivery).toMatchObject({ from: '+15550000002', to: [ANA], via: 'POST /send' });
	});

	it('sends only phone, text and an automatic key when no option is set; the chat is reused next time', async () => {
		const result = await runChert(sandbox, [chertNode('Send', sendToPhone({ phone: '={{ $json.phone }}' }))], {
			inputItems: [{ phone: ANA }, { phone: ANA }],
		});

		expect(apiRequests(sandbox).map((r) => r.body)).toEqual([
			{ phone: ANA, body: 'Your code is 481516', idempotency_key: AUTOMATIC_KEY },
			{ phone: ANA, body: 'Your code is 481516', idempotency_key: AUTOMATIC_KEY },
		]);
		const [first, second] = result.output('Send');
		expect([first.pairedItem, second.pairedItem]).toEqual([{ item: 0 }, { item: 1 }]);
		expect(first.json).toMatchObject({ lead_created: true, chatId: first.json.lead_id });
		expect(second.json).toMatchObject({ lead_created: false, chatId: first.json.chatId });
		expect(second.json.messageId).not.toBe(first.json.messageId);
		expect(sandbox.deliveredTo(ANA)).toBe(2);
	});

	it('takes attachment IDs from an expression that returns an array', async () => {
		const ids = [1, 2].map((n) => sandbox.addInboundAttachment({ filename: `${n}.png`, content_type: 'image/png', bytes: `${n}` }));

		await runChert(sandbox, [chertNode('Send', sendToPhone({ options: { attachmentIds: '={{ $json.files }}' } }))], {
			inputItems: [{ files: ids }],
		});

		expect(apiRequests(sandbox)[0].body.attachments).toEqual(ids);
	});

	it('sends a Live Photo from the Attachments option as { attachment_id, live_photo: true }, after the Attachment IDs', async () => {
		const [photo, live, plain] = ['a.png', 'live.heic', 'b.png'].map((filename) =>
			sandbox.addInboundAttachment({ filename, content_type: 'image/png', bytes: filename }),
		);
		const options = {
			attachmentIds: photo,
			attachments: { attachment: [{ attachmentId: live, livePhoto: true }, { attachmentId: plain, livePhoto: false }] },
		};

		const result = await runChert(sandbox, [chertNode('Send', sendToPhone({ options }))]);

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body.attachments).toEqual([photo, { attachment_id: live, live_photo: true }, { attachment_id: plain }]);
		expect(sandbox.state.messagesDelivered[0].parts).toEqual([
			{ type: 'text', value: 'Your code is 481516' },
			{ type: 'media', attachment_id: photo },
			{ type: 'media', attachment_id: live, live_photo: true },
			{ type: 'media', attachment_id: plain },
		]);
	});

	it('takes Chert’s four attachment entry shapes from an expression (JSON input), as given', async () => {
		const [a, b, c, live] = [1, 2, 3, 4].map((n) => sandbox.addInboundAttachment({ filename: `${n}.heic`, content_type: 'image/heic', bytes: `${n}` }));
		const files = [a, { id: b }, { attachment_id: c }, { attachment_id: live, live_photo: true }];

		const result = await runChert(sandbox, [chertNode('Send', sendToPhone({ options: { attachmentIds: '={{ $json.files }}' } }))], {
			inputItems: [{ files }],
		});

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body.attachments).toEqual(files);
		expect(sandbox.state.messagesDelivered[0].parts.at(-1)).toEqual({ type: 'media', attachment_id: live, live_photo: true });
	});

	it('retries a temporary failure with the same key and body, and texts once', async () => {
		sandbox.injectError({ code: 4002, status: 503, retryable: true, retry_after: 0, path: '/api/v1/send' });

		const result = await runChert(sandbox, [chertNode('Send', sendToPhone())]);

		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		expect(requests).toHaveLength(2);
		expect(requests[1].rawBody).toBe(requests[0].rawBody);
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});

	it.each([
		['a phone number not in E.164', { phone: '415-555-0123' }, /^Item 1: "Phone Number" must be a phone number in E\.164/],
		['an empty text', { body: '={{ "" }}' }, /^Item 1: "Text" must not be empty/],
		['a URL as an attachment ID', { options: { attachmentIds: 'https://example.com/a.png' } }, /^Item 1: "Options › Attachment IDs" \(entry 1: https:\/\/example\.com\/a\.png\) must be a Chert attachment ID, not a URL/],
		[
			'a { url } entry from an expression',
			{ options: { attachmentIds: '={{ [{ url: "https://example.com/a.png" }] }}' } },
			/^Item 1: "Options › Attachment IDs" \(entry 1: \{"url":"https:\/\/example\.com\/a\.png"\}\) is a URL reference, which Chert’s \/send refuses/,
		],
		[
			'an empty Attachment ID in the Attachments option',
			{ options: { attachmentIds: 'att_1', attachments: { attachment: [{ attachmentId: 'att_2' }, { attachmentId: '={{ "" }}', livePhoto: true }] } } },
			/^Item 1: "Options › Attachments › Attachment 2 › Attachment ID" is required/,
		],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [chertNode('Send', sendToPhone(parameters))]);

		expect(result.nodes.Send.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports an unknown effect with Chert's code and the effects it accepts (flat error shape)", async () => {
		const result = await runChert(sandbox, [chertNode('Send', sendToPhone({ options: { effect: 'sparkles' } }))]);

		expect(result.nodes.Send.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 4098)'),
			description: expect.stringMatching(/Chert does not know this send effect\. Chert accepts these effects: slam, .*confetti/),
			httpCode: '400',
		});
		expect(sandbox.deliveredTo(ANA)).toBe(0);
	});
});
