/**
 * Where n8n's deduplication service is not there (n8n-core not found, or its singleton never
 * initialised, as in this file), the trigger still runs each delivery once per process, from
 * memory, and says so once in the log.
 */
import { n8nDeduplicationStore } from '../../../nodes/shared/delivery/shared-ledger';
import { setupN8nRuntime } from '../../helpers/n8n-runtime';
import type { Sandbox } from '../chert-workflow';
import { inboundEvent, onlySubscription, useTrigger } from './trigger-workflow';

const trigger = useTrigger();
let sandbox: Sandbox;
beforeEach(() => (sandbox = trigger.sandbox()));

describe('n8n’s deduplication store', () => {
	it('is missing while n8n has not initialised it', () => {
		expect(n8nDeduplicationStore()).toEqual(expect.objectContaining({ message: expect.stringContaining('Instance needs to initialized') }));
	});

	it('is missing where n8n-core cannot be loaded', () => {
		jest.isolateModules(() => {
			jest.doMock('n8n-core', () => {
				throw new Error("Cannot find module 'n8n-core'");
			});
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const isolated = require('../../../nodes/shared/delivery/shared-ledger') as typeof import('../../../nodes/shared/delivery/shared-ledger');
			expect(isolated.n8nDeduplicationStore()).toEqual(expect.objectContaining({ message: "Cannot find module 'n8n-core'" }));
		});
		jest.dontMock('n8n-core');
	});
});

describe('without it, the trigger', () => {
	it('takes each event once in this process, and logs once that it uses memory alone', async () => {
		const harness = await trigger.start(sandbox);
		await harness.activate();
		const subscription = onlySubscription(sandbox);
		const { logger } = setupN8nRuntime();
		logger.clear();
		const first = await inboundEvent(sandbox);
		const second = await inboundEvent(sandbox, { text: 'Another' });
		expect((await sandbox.deliverEvent(subscription.id, first.event)).status).toBe(200);
		expect((await sandbox.deliverEvent(subscription.id, second.event)).status).toBe(200);
		const repeat = await sandbox.deliverEvent(subscription.id, first.event);
		expect(repeat.responseBody).toBe(JSON.stringify({ received: true, started: false, reason: 'duplicate event_id' }));
		await harness.settled();
		expect(harness.runs()).toHaveLength(2);

		const notices = logger.entries.filter((entry) => entry.message.includes('deduplication store'));
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatchObject({ level: 'warn', metadata: { reason: expect.stringContaining('Instance needs to initialized') } });
		expect(logger.logs.join('\n')).not.toContain(subscription.secret);
	});
});
