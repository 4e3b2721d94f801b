/**
 * Media from n8n's binary data: the node runs Chert's upload flow itself (announce, then PUT
 * the raw bytes with the required headers) and sends the attachment_id it gets.
 */
import { createHash } from 'crypto';

import { ANA, BEN, apiRequests, chertNode, createChatParams, runChert, sendMessageParams, type ReceivedRequest, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(4096, 7)]);
const fileItem = (bytes = PNG, extra: Record<string, unknown> = {}) => ({
	json: { to: ANA },
	binary: { data: { data: bytes.toString('base64'), mimeType: 'image/png', fileName: 'receipt.png', ...extra } },
});

const mediaParts = (extra: Record<string, unknown> = {}) => ({
	part: [
		{ type: 'text', text: 'Your receipt' },
		{ type: 'media', source: 'binary', binaryProperty: 'data', ...extra },
	],
});

describe('media parts from binary data', () => {
	it('uploads the file, then sends its attachment_id in the part', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ parts: mediaParts() }))], {
			inputItems: [fileItem()],
		});

		expect(result.error).toBeUndefined();
		const [announce, put, create] = sandbox.state.requests as ReceivedRequest[];
		expect(announce).toMatchObject({ method: 'POST', path: '/api/v1/attachments' });
		expect(announce.body).toEqual({ filename: 'receipt.png', content_type: 'image/png', size_bytes: PNG.length });
		const attachment = [...sandbox.state.attachments.values()][0];
		expect(put).toMatchObject({ method: 'PUT', path: `/uploads/${attachment.id}`, status: 200 });
		expect(put.headers['content-type']).toBe('image/png');
		expect(put.headers['content-length']).toBe(String(PNG.length));
		expect(attachment).toMatchObject({ state: 'uploaded', sha256: createHash('sha256').update(PNG).digest('hex') });
		expect(create.body.message.parts).toEqual([
			{ type: 'text', value: 'Your receipt' },
			{ type: 'media', attachment_id: attachment.id },
		]);
		expect(result.json('Chert')[0].message).toMatchObject({ parts: [{ type: 'text' }, { type: 'media', attachment_id: attachment.id }] });
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});

	it('works in a follow-up too, from a named binary property of the incoming item', async () => {
		const created = await runChert(sandbox, [chertNode('Create Chat', createChatParams())]);
		const chatId = created.json('Create Chat')[0].chatId as string;
		const pdf = Buffer.from('%PDF-1.7 invoice');
		const send = chertNode('Send Message', sendMessageParams({ parts: { part: [{ type: 'media', source: 'binary', binaryProperty: 'invoice' }] } }));
		const result = await runChert(sandbox, [send], {
			inputItems: [{ json: { chatId }, binary: { invoice: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice.pdf' } } }],
		});

		expect(result.error).toBeUndefined();
		const attachment = [...sandbox.state.attachments.values()][0];
		expect(attachment).toMatchObject({ filename: 'invoice.pdf', content_type: 'application/pdf', size_bytes: pdf.length });
		expect(apiRequests(sandbox).at(-1)).toMatchObject({
			path: `/api/v1/chats/${chatId}/messages`,
			body: { message: { parts: [{ type: 'media', attachment_id: attachment.id }] } },
		});
	});

	it('refuses, before any request, an item without the binary property', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ parts: mediaParts() }))], {
			inputItems: [{ to: ANA }],
		});
		expect(result.nodes.Chert.error).toMatchObject({
			message: 'Item 1: "Parts › Part 2 (Media) › Binary Property" names the binary property "data", which this item does not have',
			description: expect.stringContaining('previous node must output binary data'),
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("refuses, before any request, a file over Chert's 100 MB limit", async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ parts: mediaParts() }))], {
			inputItems: [fileItem(PNG, { bytes: 100 * 1024 * 1024 + 1 })],
		});
		expect(result.nodes.Chert.error).toMatchObject({
			message: `Item 1: "Parts › Part 2 (Media) › Binary Property" is larger than Chert's limit of 100 MB`,
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('refuses a binary file in a group first message before uploading anything', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ to: `${ANA} ${BEN}`, parts: mediaParts() }))], {
			inputItems: [fileItem()],
		});
		expect(result.nodes.Chert.error).toMatchObject({ message: expect.stringContaining('first message of a group chat can only contain text') });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("uploads once and sends once when n8n's Retry On Fail re-runs the node", async () => {
		sandbox.injectFault({ kind: 'drop', method: 'POST', path: '/api/v1/chats' });
		const node = chertNode('Chert', createChatParams({ parts: mediaParts(), options: { maxAttempts: 1 } }), {
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
		});
		const result = await runChert(sandbox, [node], { inputItems: [fileItem()] });
		await sandbox.idle();
		expect(result.error).toBeUndefined();
		expect(sandbox.state.attachments.size).toBe(1);
		expect(sandbox.deliveredTo(ANA)).toBe(1);
		const creates = apiRequests(sandbox).filter((r) => r.path === '/api/v1/chats');
		expect(creates).toHaveLength(2);
		expect(creates[1].rawBody).toBe(creates[0].rawBody);
	});

	it('retries a failed upload PUT and keeps the secret out of the output', async () => {
		sandbox.injectError({ code: 3001, status: 500, method: 'PUT' });
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ parts: mediaParts() }))], {
			inputItems: [fileItem()],
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.state.requests.filter((r: { method: string }) => r.method === 'PUT')).toHaveLength(2);
		expect(JSON.stringify(result.run) + result.logs.join('\n')).not.toContain(sandbox.signingSecret);
	});
});

describe('parts as JSON (for expressions and AI agents)', () => {
	it('sends Chert parts given as a JSON array', async () => {
		const partsJson = JSON.stringify([
			{ type: 'text', value: 'From an agent' },
			{ type: 'rich_link', url: 'https://example.com/a', title: 'A' },
		]);
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ partsInput: 'json', partsJson }))]);
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body.message.parts).toEqual(JSON.parse(partsJson));
	});

	it('takes an array from an expression, and one part object as a list of one', async () => {
		await runChert(sandbox, [chertNode('Chert', sendMessageParams({ chatId: 'x', partsInput: 'json', partsJson: '={{ $json.parts }}' }))], {
			inputItems: [{ parts: { type: 'text', value: 'one' } }],
		});
		expect(apiRequests(sandbox)[0].body.message.parts).toEqual([{ type: 'text', value: 'one' }]);
	});

	it('applies the same rules to JSON parts, before sending', async () => {
		const result = await runChert(sandbox, [
			chertNode('Chert', createChatParams({ partsInput: 'json', partsJson: '[{"type":"text","value":"see https://x.io"}]' })),
		]);
		expect(result.nodes.Chert.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Parts › Part 1 \(Text\) › Text" contains a URL/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('says so when the JSON does not parse', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ partsInput: 'json', partsJson: '[{"type": "text", ' }))]);
		expect(result.nodes.Chert.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Parts \(JSON\)" is not valid JSON/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
