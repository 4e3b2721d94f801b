import { chertNode, createChatParams, requestsFromNow, runChert, SENDER, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const edit = (parameters: Record<string, unknown> = {}) => ({ resource: 'message', operation: 'edit', newText: 'Hello Ana, the order ships Monday', ...parameters });

describe('Message → Edit, run by n8n against the sandbox', () => {
	const sandboxOf = useSandbox();
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('chains after Create Chat through {{ $json.messageId }}: the exact request, and messageId on the output', async () => {
		const result = await runChert(sandbox, [chertNode('Create Chat', createChatParams()), chertNode('Edit', edit())]);

		expect(result.error).toBeUndefined();
		const messageId = result.json('Create Chat')[0].messageId as string;
		const request = sandbox.state.requests[1];
		expect(request).toMatchObject({ method: 'POST', path: `/api/v1/messages/${messageId}/edit` });
		expect(request.body).toEqual({ new_text: 'Hello Ana, the order ships Monday', edited_part_index: 0 });
		const [output] = result.output('Edit');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toMatchObject({
			messageId,
			status: 'edited',
			message_id: messageId,
			new_text: 'Hello Ana, the order ships Monday',
			edit_history: [{ edited_part_index: 0, previous_text: 'Hello Ana', new_text: 'Hello Ana, the order ships Monday' }],
		});
		expect(sandbox.state.messages.get(messageId)?.parts).toEqual([{ type: 'text', value: 'Hello Ana, the order ships Monday' }]);
	});

	it('sends Options › Part Index as edited_part_index', async () => {
		const { messageId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);

		await runChert(sandbox, [chertNode('Edit', edit({ messageId, options: { partIndex: 2 } }))]);

		expect(requests().map((r) => r.body)).toEqual([{ new_text: 'Hello Ana, the order ships Monday', edited_part_index: 2 }]);
	});

	it.each([
		['an expression giving an empty new text', { newText: '={{ "" }}' }, /^Item 1: "New Text" must not be empty/],
		['a blank new text', { newText: '={{ "  " }}' }, /^Item 1: "New Text" must not be empty/],
		['a part index past the 10 parts a message can have', { options: { partIndex: 10 } }, /^Item 1: "Options › Part Index" must be at most 9/],
		['a fractional part index', { options: { partIndex: 1.5 } }, /^Item 1: "Options › Part Index" must be a whole number/],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [chertNode('Edit', edit({ messageId: 'm-1', ...parameters }))]);

		expect(result.nodes.Edit.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('explains Chert’s refusal to edit a received message: only your own', async () => {
		const { chatId } = await seedChat(sandbox);
		const { message: inbound } = sandbox.addInboundMessage({ chatId, text: 'Where is it?' });

		const result = await runChert(sandbox, [chertNode('Edit', edit({ messageId: inbound.id }))]);

		expect(result.nodes.Edit.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 1012)'),
			description: expect.stringContaining('Chert edits only messages you sent (outbound)'),
			httpCode: '409',
		});
		expect(sandbox.state.messages.get(inbound.id)?.parts).toEqual([{ type: 'text', value: 'Where is it?' }]);
	});
});

describe('Message → Edit after the 15-minute window', () => {
	let now = Date.now();
	const sandboxOf = useSandbox({ now: () => now });
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('explains Chert’s 4001 as the expired window, and does not repeat the edit though Chert marks it retryable', async () => {
		const { messageId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);
		now += 16 * 60 * 1000;

		const result = await runChert(sandbox, [chertNode('Edit', edit({ messageId, options: { timeout: 5000 } }))]);

		expect(result.nodes.Edit.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringMatching(/15 minutes.*\(Chert error 4001\)$/),
			description: expect.stringMatching(/^The message can no longer be edited: Chert edits a message only within 15 minutes of sending it\. Send a new message instead\. Trace ID: \S+$/),
			httpCode: '502',
		});
		expect(requests()).toHaveLength(1);
		expect(sandbox.state.messages.get(messageId)?.parts).toEqual([{ type: 'text', value: 'Hello' }]);
	});
});

describe('Message → Edit from a line that cannot edit', () => {
	const sandboxOf = useSandbox({ phoneNumbers: [{ phone_number: SENDER, capabilities: ['text', 'media'] }] });
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('explains Chert’s 4099 on an edit as the line’s, with the trace id, and Continue On Fail keeps the details', async () => {
		const { messageId } = await seedChat(sandbox);

		const result = await runChert(sandbox, [chertNode('Edit', edit({ messageId }), { onError: 'continueRegularOutput' })]);

		expect(result.error).toBeUndefined();
		const [output] = result.output('Edit');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toMatchObject({
			error: expect.stringContaining('(Chert error 4099)'),
			description: expect.stringContaining('The line that sent this message cannot edit messages.'),
			code: 4099,
			traceId: expect.any(String),
			retryable: false,
		});
	});
});
