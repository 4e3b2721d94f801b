import { createHash } from 'crypto';

import { ANA, apiRequests, chertNode, createChatParams, runChert, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const JPEG = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(10_000, 1)]);
const photo = { data: JPEG.toString('base64'), mimeType: 'image/jpeg', fileName: 'team.jpg' };
const upload = (extra = {}) => chertNode('Upload', { resource: 'attachment', operation: 'upload', binaryProperty: 'photo', ...extra });

describe('Attachment → Upload', () => {
	it('announces the file, PUTs its raw bytes, and outputs the attachment id alone', async () => {
		const result = await runChert(sandbox, [upload()], { inputItems: [{ json: { n: 1 }, binary: { photo } }] });

		expect(result.error).toBeUndefined();
		const [announce, put] = sandbox.state.requests;
		expect(announce).toMatchObject({ method: 'POST', path: '/api/v1/attachments' });
		expect(announce.body).toEqual({ filename: 'team.jpg', content_type: 'image/jpeg', size_bytes: JPEG.length });
		const attachment = [...sandbox.state.attachments.values()][0];
		expect(put).toMatchObject({ method: 'PUT', path: `/uploads/${attachment.id}`, status: 200 });
		expect(put.rawBytes.equals(JPEG)).toBe(true);
		expect(attachment.sha256).toBe(createHash('sha256').update(JPEG).digest('hex'));

		const [item] = result.output('Upload');
		expect(item.json).toEqual({ attachment_id: attachment.id, attachmentId: attachment.id });
		expect(item.pairedItem).toEqual({ item: 0 });
		// The announcement's answer carries the upload's authorization header: it stays inside.
		expect(JSON.stringify(result.run) + result.logs.join('\n')).not.toContain(sandbox.signingSecret);
	});

	it('feeds a Create Chat media part through {{ $json.attachmentId }}', async () => {
		const create = chertNode(
			'Create Chat',
			createChatParams({ parts: { part: [{ type: 'text', text: 'Team photo' }, { type: 'media', attachmentId: '={{ $json.attachmentId }}' }] } }),
		);
		const result = await runChert(sandbox, [upload(), create], { inputItems: [{ json: {}, binary: { photo } }] });

		expect(result.error).toBeUndefined();
		const attachmentId = result.json('Upload')[0].attachmentId;
		expect(apiRequests(sandbox).at(-1)?.body.message.parts[1]).toEqual({ type: 'media', attachment_id: attachmentId });
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});

	it('uploads each item’s file, paired, and with Continue On Fail gives a missing file its error item', async () => {
		const result = await runChert(sandbox, [{ ...upload(), onError: 'continueRegularOutput' }], {
			inputItems: [{ json: {}, binary: { photo } }, { json: {} }, { json: {}, binary: { photo: { ...photo, fileName: 'b.jpg' } } }],
		});
		const items = result.output('Upload');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.attachmentId).toEqual(expect.any(String));
		expect(items[1].json.error).toBe('Item 2: "Binary Property" names the binary property "photo", which this item does not have');
		expect(items[2].json.attachmentId).toEqual(expect.any(String));
		expect(sandbox.state.attachments.size).toBe(2);
	});

	it('refuses a file without a MIME type or over 100 MB before any request', async () => {
		const noType = await runChert(sandbox, [upload()], { inputItems: [{ json: {}, binary: { photo: { ...photo, mimeType: '' } } }] });
		expect(noType.nodes.Upload.error).toMatchObject({ message: expect.stringMatching(/^Item 1: "Binary Property \(MIME type\)" needs a MIME type/) });
		const huge = await runChert(sandbox, [upload()], { inputItems: [{ json: {}, binary: { photo: { ...photo, bytes: 104857601 } } }] });
		expect(huge.nodes.Upload.error).toMatchObject({ message: `Item 1: "Binary Property" is larger than Chert's limit of 100 MB` });
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
