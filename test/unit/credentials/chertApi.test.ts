import { createHmac } from 'crypto';

import { ChertApi } from '../../../credentials/ChertApi.credentials';

const SECRET = '0123456789abcdef0123456789abcdef';
const credential = new ChertApi();

describe('Chert API credential', () => {
	it('sends the secret as a Bearer token by default, with the tenant when set', async () => {
		const options = await credential.authenticate({ signingSecret: SECRET, baseUrl: 'x' }, { url: '/x', headers: { a: 'b' } });
		expect(options.headers).toEqual({ a: 'b', Authorization: `Bearer ${SECRET}` });
		const withTenant = await credential.authenticate({ signingSecret: SECRET, tenant: ' acme ' }, { url: '/x' });
		expect(withTenant.headers).toEqual({ Authorization: `Bearer ${SECRET}`, 'x-chert-tenant': 'acme' });
	});

	it('signs the exact body with HMAC instead of sending the secret', async () => {
		const body = '{"b":1,"a":"é"}';
		const before = Math.floor(Date.now() / 1000);
		const options = await credential.authenticate(
			{ signingSecret: SECRET, authentication: 'hmac', tenant: 'acme' },
			{ url: '/x', method: 'POST', body },
		);
		const headers = options.headers as Record<string, string>;
		expect(headers.Authorization).toBeUndefined();
		expect(JSON.stringify(options)).not.toContain(SECRET);
		expect(headers['x-chert-tenant']).toBe('acme');
		const [version, timestamp, hex] = headers['x-chert-signature'].split(',');
		expect(version).toBe('v1');
		expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
		expect(hex).toBe(createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex'));
		expect(options.body).toBe(body);
	});

	it('signs the empty body of a GET (the signed string ends in ".")', async () => {
		const options = await credential.authenticate({ signingSecret: SECRET, authentication: 'hmac' }, { url: '/x', method: 'GET' });
		const [, timestamp, hex] = (options.headers as Record<string, string>)['x-chert-signature'].split(',');
		expect(hex).toBe(createHmac('sha256', SECRET).update(`${timestamp}.`).digest('hex'));
		expect(options.body).toBeUndefined();
	});

});
