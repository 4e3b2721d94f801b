import { ANA, BEN, apiRequests, chertNode, createChatParams, runChert, sendMessageParams, startSandbox, type Sandbox, useSandbox } from './chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('API errors', () => {
	it("turns Chert's envelope into a node error with code, message, hint, trace id and status", async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams({ from: '+15559999999' }))]);

		const error = result.nodes.Chert.error as unknown as Record<string, unknown>;
		const [request] = sandbox.state.requests;
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringMatching(/\(Chert error 2006\)$/),
			description: expect.stringContaining('not assigned to your Chert account'),
			httpCode: String(request.status),
		});
		expect(error.description).toContain(`Trace ID: ${request.traceId}`);
		expect(result.status).toBe('error');
	});

	it('reports a follow-up to an unknown chat with the 2002 hint', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', sendMessageParams({ chatId: 'no-such-chat' }))]);
		expect(result.nodes.Chert.error).toMatchObject({
			message: expect.stringContaining('(Chert error 2002)'),
			description: expect.stringContaining('not a message ID'),
			httpCode: '404',
		});
	});

	it('reports a wrong signing secret as an authentication failure without echoing it', async () => {
		const wrongSecret = 'ffffffffffffffffffffffffffffffff';
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams())], { signingSecret: wrongSecret });
		const error = result.nodes.Chert.error as unknown as Record<string, unknown>;
		expect(error).toMatchObject({ httpCode: '401', message: expect.stringContaining('2004') });
		const everything = JSON.stringify(result.run) + result.logs.join('\n');
		expect(everything).not.toContain(wrongSecret);
		expect(everything).not.toContain(sandbox.signingSecret);
	});

	it('reports an unreachable Chert by its base URL, without the request or the secret', async () => {
		const closed = await startSandbox();
		await closed.close();
		const result = await runChert(closed, [chertNode('Chert', createChatParams())], { signingSecret: sandbox.signingSecret });
		const error = result.nodes.Chert.error as unknown as Record<string, unknown>;
		expect(error.message).toBe(`Could not reach Chert at ${closed.url}`);
		expect(error.description).toContain('ECONNREFUSED');
		expect(JSON.stringify(result.run) + result.logs.join('\n')).not.toContain(sandbox.signingSecret);
	});
});

describe('Continue On Fail', () => {
	it('gives the failing middle item a paired error item and still sends the others', async () => {
		const withApiError = await runChert(
			sandbox,
			[chertNode('Chert', createChatParams({ from: '={{ $json.from }}' }), { onError: 'continueRegularOutput' })],
			{ inputItems: [{ from: '+15550000001' }, { from: '+15559999999' }, { from: '+15550000002' }] },
		);
		const items = withApiError.output('Chert');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.chatId).toEqual(expect.any(String));
		expect(items[1].json).toMatchObject({ error: expect.stringContaining('2006'), code: 2006, traceId: expect.any(String) });
		expect(items[1].json.chatId).toBeUndefined();
		expect(items[2].json.chatId).toEqual(expect.any(String));
		expect(sandbox.deliveredTo(ANA)).toBe(2);
	});

	it('gives an invalid item its error item, paired, and sends the valid ones', async () => {
		const node = chertNode('Chert', createChatParams({ to: '={{ $json.to }}' }), { onError: 'continueRegularOutput' });
		const result = await runChert(sandbox, [node], { inputItems: [{ to: ANA }, { to: 'not-a-number' }, { to: BEN }] });

		const items = result.output('Chert');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(/^Item 2: "To" \(entry 1: not-a-number\) must be a phone number in E\.164/);
		expect(apiRequests(sandbox).map((request) => request.body.to)).toEqual([[ANA], [BEN]]);
	});
});
