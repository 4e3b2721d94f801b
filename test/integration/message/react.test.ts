import { chertNode, createChatParams, requestsFromNow, runChert, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const react = (parameters: Record<string, unknown> = {}) => ({ resource: 'message', operation: 'react', ...parameters });

describe('Message → React, run by n8n against the sandbox', () => {
	it('chains after Create Chat through {{ $json.messageId }}: the exact request, and messageId on the output', async () => {
		const result = await runChert(sandbox, [
			chertNode('Create Chat', createChatParams()),
			chertNode('React', react({ reaction: 'laugh' })),
		]);

		expect(result.error).toBeUndefined();
		const messageId = result.json('Create Chat')[0].messageId as string;
		const request = sandbox.state.requests[1];
		expect(request).toMatchObject({ method: 'POST', path: `/api/v1/messages/${messageId}/react` });
		expect(request.body).toEqual({ reaction: 'laugh' });
		const [output] = result.output('React');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({ messageId, status: 'sent', message_id: messageId, reaction: 'laugh' });
		expect(sandbox.state.messages.get(messageId)?.reactions.map((r) => r.reaction)).toEqual(['laugh']);
	});

	it.each([
		['a temporary error Chert marks retryable', { kind: 'error', code: 4001, status: 502, retryable: true }],
		['a connection dropped after Chert reacted', { kind: 'drop' }],
	] as const)('never repeats a reaction, even after %s', async (_case, fault) => {
		const { messageId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);
		sandbox.injectFault({ ...fault, method: 'POST', path: `/api/v1/messages/${messageId}/react` });

		const result = await runChert(sandbox, [chertNode('React', react({ messageId, reaction: 'love', options: { timeout: 1000 } }))]);
		await sandbox.idle();

		expect(result.status).toBe('error');
		expect(requests()).toHaveLength(1);
		const reactions = sandbox.state.messages.get(messageId)?.reactions ?? [];
		expect(reactions).toHaveLength(fault.kind === 'drop' ? 1 : 0);
	});

	it('surfaces the retryable error with its code and hint after the one attempt', async () => {
		const { messageId } = await seedChat(sandbox);
		sandbox.injectError({ code: 4001, status: 502, retryable: true, path: `/api/v1/messages/${messageId}/react` });

		const result = await runChert(sandbox, [chertNode('React', react({ messageId }))]);

		expect(result.nodes.React.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 4001)'),
			description: expect.stringContaining('could not deliver the message downstream'),
			httpCode: '502',
		});
		expect((result.nodes.React.error as { description?: string }).description).not.toContain('Tried');
	});

	it('refuses a reaction Chert does not document before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('React', react({ messageId: 'm-1', reaction: '={{ "wow" }}' }))]);

		expect(result.nodes.React.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 1: "Reaction" must be one of: dislike, emphasize, laugh, like, love, question',
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports Chert's refusal of an unknown message with its code and the hint", async () => {
		const result = await runChert(sandbox, [chertNode('React', react({ messageId: 'no-such-message' }))]);

		expect(result.nodes.React.error).toMatchObject({
			message: expect.stringContaining('(Chert error 2003)'),
			description: expect.stringContaining('use the messageId a Chert node returned'),
			httpCode: '404',
		});
	});
});
