/**
 * The Chert Trigger in Event Stream mode when Chert refuses its credential: `trigger()` run
 * in n8n-core's TriggerContext against the sandbox. n8n shows a failed activation by the
 * error's message alone (seen in 1.123.81's activation answer and 2.41.1's publication
 * status), so the message itself must say that the credential was refused, and with which
 * status.
 */
import { ChertApi } from '../../../credentials/ChertApi.credentials';
import { ChertTrigger } from '../../../nodes/ChertTrigger/ChertTrigger.node';
import { until } from '../../helpers/fake-event-source';
import { triggerContext } from '../../helpers/trigger-context';
import { startSandbox } from '../../sandbox';
import { triggerNode } from './trigger-workflow';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const NODE = triggerNode({ deliveryMode: 'eventStream', events: ['message.received'] });

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ streamLifetimeMs: 60_000, streamHeartbeatMs: 1000 });
});

afterEach(async () => {
	await sandbox.close();
});

function context(signingSecret: string, emitError: (error: Error) => void = () => {}) {
	return triggerContext({
		node: NODE,
		nodeTypes: [new ChertTrigger()],
		credentialTypes: [new ChertApi()],
		// The helper names the credential after its type: the node's credential is “chertApi”.
		credentials: { chertApi: { signingSecret, baseUrl: sandbox.url } },
		emitError,
	});
}

const streamRequests = () => sandbox.state.requests.filter((r) => r.path === '/api/v1/events/stream');

describe('Chert Trigger (Event Stream) with a credential Chert refuses', () => {
	it('fails the activation with a message naming the credential and Chert’s 401, and opens no stream', async () => {
		const activation = new ChertTrigger().trigger.call(context('wrong-secret-wrong-secret-wrong-'));
		await expect(activation).rejects.toThrow(
			'Chert refused the Chert API credential “chertApi” (401): Invalid bearer token (Chert error 2004)',
		);
		await expect(activation).rejects.toMatchObject({
			httpCode: '401',
			description: expect.stringContaining('check the signing secret in the Chert API credential'),
		});
		expect(streamRequests()).toEqual([]);
	});

	it('refused later (a rotated secret), reports the same kind of message to n8n once and stops', async () => {
		sandbox.injectFault({ kind: 'error', code: 2004, method: 'GET', path: '/api/v1/events/stream' });
		const errors: Error[] = [];
		const response = await new ChertTrigger().trigger.call(context(sandbox.signingSecret, (error) => errors.push(error)));
		try {
			await until(() => errors.length === 1);
			expect(errors[0].message).toMatch(/^Chert refused the Chert API credential “chertApi” \(401\): .*\(Chert error 2004\)$/);
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(errors).toHaveLength(1);
			expect(streamRequests()).toHaveLength(1);
		} finally {
			await response.closeFunction?.();
		}
	});
});
