/**
 * HMAC request signing against a sandbox that verifies signatures for real: over the raw
 * bytes it received, within ±300 s. If the node signed other bytes than it sent, every
 * request here would be refused with 401 / 2004.
 */
import { ANA, AUTOMATIC_KEY, apiRequests, chertNode, createChatParams, runChert, sendMessageParams, type Sandbox, useSandbox } from './chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const hmac = () => ({ authentication: 'hmac', tenant: sandbox.tenantSlug });

describe('HMAC signing', () => {
	it('signs Create → Send (text with non-ASCII characters) and is accepted', async () => {
		const create = chertNode('Create Chat', createChatParams({ parts: { part: [{ type: 'text', text: 'Olá, café ☕ — “quotes”' }] } }));
		const send = chertNode('Send Message', sendMessageParams());
		const result = await runChert(sandbox, [create, send], { credential: hmac() });

		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		expect(requests.map((r) => [r.path, r.status])).toEqual([
			['/api/v1/chats', 200],
			[`/api/v1/chats/${result.json('Create Chat')[0].chatId}/messages`, 200],
		]);
		for (const request of requests) {
			expect(request.headers.authorization).toBeUndefined();
			expect(request.headers['x-chert-tenant']).toBe(sandbox.tenantSlug);
			expect(request.headers['x-chert-signature']).toMatch(/^v1,\d+,[0-9a-f]{64}$/);
		}
		expect(requests[0].body.message).toEqual({ parts: [{ type: 'text', value: 'Olá, café ☕ — “quotes”' }], idempotency_key: AUTOMATIC_KEY });
		expect(sandbox.deliveredTo(ANA)).toBe(2);
	});

	it('is refused by Chert when the tenant is missing, with a clear error', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams())], { credential: { authentication: 'hmac' } });
		expect(result.nodes.Chert.error).toMatchObject({ httpCode: '401', message: expect.stringContaining('2004') });
		expect(sandbox.deliveredTo(ANA)).toBe(0);
	});

	it('is refused with a wrong secret', async () => {
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams())], {
			credential: hmac(),
			signingSecret: 'f'.repeat(32),
		});
		expect(result.nodes.Chert.error).toMatchObject({ httpCode: '401' });
	});

	it('sends the tenant with Bearer too when it is set', async () => {
		await runChert(sandbox, [chertNode('Chert', createChatParams())], { credential: { tenant: sandbox.tenantSlug } });
		expect(apiRequests(sandbox)[0].headers).toMatchObject({
			authorization: `Bearer ${sandbox.signingSecret}`,
			'x-chert-tenant': sandbox.tenantSlug,
		});
	});

	it('signs each retry anew, over the same body', async () => {
		sandbox.injectError({ code: 3001, status: 500, method: 'POST', path: '/api/v1/chats' });
		const result = await runChert(sandbox, [chertNode('Chert', createChatParams())], { credential: hmac() });
		expect(result.error).toBeUndefined();
		const [first, second] = apiRequests(sandbox);
		expect(second.rawBody).toBe(first.rawBody);
		expect(second.status).toBe(200);
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});
});
