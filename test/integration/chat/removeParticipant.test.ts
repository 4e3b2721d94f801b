import { ANA, BEN, chertNode, requestsFromNow, runChert, seedGroup, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const CARL = '+14155550125';
const remove = (parameters: Record<string, unknown> = {}) => ({ resource: 'chat', operation: 'removeParticipant', ...parameters });

describe('Chat → Remove Participant, run by n8n against the sandbox', () => {
	it('sends a body-less DELETE with the address URL-encoded and outputs the roster', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN, CARL]);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Remove', remove({ address: CARL }))], { inputItems: [{ chatId }] });

		expect(result.error).toBeUndefined();
		const [request] = requests();
		expect(request).toMatchObject({ method: 'DELETE', path: `/api/v1/chats/${chatId}/participants/%2B14155550125`, rawBody: '' });
		expect(request.headers['content-type']).toBeUndefined();
		const [output] = result.output('Remove');
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({ chatId, chat_id: chatId, removed: CARL, participants: [ANA, BEN] });
	});

	it('signs the body-less DELETE over the empty body with HMAC', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN, CARL]);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Remove', remove({ chatId, address: CARL }))], {
			credential: { authentication: 'hmac', tenant: sandbox.tenantSlug },
		});

		expect(result.error).toBeUndefined();
		const [request] = requests();
		const [, unix] = String(request.headers['x-chert-signature']).split(',');
		expect(request.headers['x-chert-signature']).toBe(sandbox.sign('', Number(unix)));
		expect(sandbox.state.requests[sandbox.state.requests.length - 1].auth).toBe('hmac');
		expect(result.json('Remove')[0].removed).toBe(CARL);
	});

	it.each([
		['a temporary error Chert marks retryable', { kind: 'error', code: 4001, status: 502, retryable: true }],
		['a connection dropped after Chert removed them', { kind: 'drop' }],
	] as const)('never repeats a removal, even after %s', async (_case, fault) => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN, CARL]);
		const requests = requestsFromNow(sandbox);
		sandbox.injectFault({ ...fault, method: 'DELETE', path: `/api/v1/chats/${chatId}/participants/%2B14155550125` });

		const result = await runChert(sandbox, [
			chertNode('Remove', remove({ chatId, address: CARL, options: { timeout: 1000 } })),
		]);
		await sandbox.idle();

		expect(result.status).toBe('error');
		expect(requests()).toHaveLength(1);
		const roster = sandbox.state.chats.get(chatId)?.handles.map((h) => h.address);
		expect(roster).toEqual(fault.kind === 'drop' ? [ANA, BEN] : [ANA, BEN, CARL]);
		if (fault.kind === 'error') {
			expect(result.nodes.Remove.error).toMatchObject({
				message: expect.stringContaining('(Chert error 4001)'),
				description: expect.stringContaining('did not repeat it'),
			});
		}
	});

	it('reports a second removal (1001, not in the group) and one below the minimum size (1002); Continue On Fail pairs them', async () => {
		const { chatId } = await seedGroup(sandbox, [ANA, BEN, CARL]);

		const result = await runChert(
			sandbox,
			[chertNode('Remove', remove({ chatId, address: '={{ $json.address }}' }), { onError: 'continueRegularOutput' })],
			{ inputItems: [{ address: CARL }, { address: CARL }, { address: BEN }] },
		);

		expect(result.output('Remove').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [removed, again, tooSmall] = result.json('Remove');
		expect(removed).toMatchObject({ removed: CARL });
		expect(again).toMatchObject({ code: 1001, httpStatus: 400, error: expect.stringContaining('not in the group') });
		expect(tooSmall).toMatchObject({ code: 1002, httpStatus: 400 });
	});

	it('refuses an empty address before sending anything', async () => {
		const result = await runChert(sandbox, [chertNode('Remove', remove({ chatId: 'c1', address: ' ' }))]);

		expect(result.nodes.Remove.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 1: "Address" is required: a phone number in E\.164 format/),
		});
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
