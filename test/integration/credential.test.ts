/**
 * "Test connection": n8n's credential tester runs the credential's `test.request` as a
 * declarative node (RoutingNode) with `$credentials` in scope and the credential's
 * `authenticate` applied. The same is done here through n8n's real engine.
 */
import type { INodeType } from 'n8n-workflow';

import { ChertApi } from '../../credentials/ChertApi.credentials';
import { chain, MANUAL_TRIGGER_TYPE, runWorkflow } from '../helpers/workflow-runner';
import { type Sandbox, useSandbox } from './chert-workflow';

const credential = new ChertApi();

const credentialTestNode: INodeType = {
	description: {
		displayName: 'Credential Test',
		name: 'credentialTest',
		group: ['transform'],
		version: 1,
		description: 'Runs the Chert API credential test request',
		defaults: { name: 'Credential Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'chertApi', required: true }],
		requestDefaults: credential.test.request,
		properties: [],
	},
};

async function testConnection(credentials: { signingSecret: string; baseUrl: string }) {
	return await runWorkflow({
		workflow: {
			nodes: [
				{ id: 't', name: 'Manual Trigger', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'c', name: 'Credential Test', type: 'n8n-nodes-chert.credentialTest', typeVersion: 1, position: [0, 0], parameters: {} },
			],
			connections: chain('Manual Trigger', 'Credential Test'),
		},
		nodeTypes: [credentialTestNode],
		credentialTypes: [credential],
		credentials: { chertApi: credentials },
	});
}

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('Chert API credential test', () => {
	it('succeeds with the right secret, calling GET /api/v1/phone-numbers with Bearer auth', async () => {
		const result = await testConnection({ signingSecret: sandbox.signingSecret, baseUrl: `${sandbox.url}/` });
		expect(result.error).toBeUndefined();
		expect(sandbox.state.requests).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/phone-numbers',
				headers: expect.objectContaining({ authorization: `Bearer ${sandbox.signingSecret}` }),
				status: 200,
			}),
		]);
		expect(result.json('Credential Test')[0]).toHaveProperty('phone_numbers');
	});

	it('fails with a wrong secret', async () => {
		const result = await testConnection({ signingSecret: 'f'.repeat(32), baseUrl: sandbox.url });
		expect(result.status).toBe('error');
		expect(result.nodes['Credential Test'].error).toMatchObject({ httpCode: '401' });
		expect(sandbox.state.requests[0]).toMatchObject({ path: '/api/v1/phone-numbers', status: 401 });
	});
});
