/**
 * Queue mode: several n8n processes receive deliveries for the same trigger, and each event
 * must start the workflow once. n8n-core's real DataDeduplicationService singleton is
 * initialised (as every n8n command does at start) over an in-memory double of n8n's
 * database store; each "process" is a ledger with memory of its own over that one store.
 */
import { DataDeduplicationService } from 'n8n-core';
import type { IDataDeduplicator } from 'n8n-workflow';

import { EVENTS_REMEMBERED, InMemoryDeliveryLedger, LayeredDeliveryLedger } from '../../../nodes/shared/delivery/ledger';
import { N8nDeduplicationLedger, type LedgerOwner } from '../../../nodes/shared/delivery/shared-ledger';
import { setupN8nRuntime } from '../../helpers/n8n-runtime';
import type { Sandbox } from '../chert-workflow';
import { ProcessedDataDouble } from './processed-data-double';
import { inboundEvent, replies, triggerNode, useTrigger } from './trigger-workflow';

const WORKFLOW_ID = 'trigger-workflow';
const database = new ProcessedDataDouble({ latencyMs: 2, workflowIds: [WORKFLOW_ID, 'other-workflow'] });
const owner: LedgerOwner = { workflow: { id: WORKFLOW_ID, active: true }, node: triggerNode() };

beforeAll(async () => {
	await DataDeduplicationService.init(database);
});
beforeEach(() => {
	database.rows.clear();
	database.failure = undefined;
});

const sharedStore = () => DataDeduplicationService.getInstance() as unknown as IDataDeduplicator;

/** One n8n process's ledger: its own memory, n8n's store shared with the others. */
function processLedger(of: LedgerOwner = owner, remembered?: number, store = sharedStore()) {
	const errors: unknown[] = [];
	const ledger = new LayeredDeliveryLedger(new InMemoryDeliveryLedger(), new N8nDeduplicationLedger(store, of, remembered), (error) => errors.push(error));
	return Object.assign(ledger, { errors });
}

describe('two n8n processes sharing n8n’s deduplication store', () => {
	it('the same event id, received by one then the other: taken once', async () => {
		const [main, webhook] = [processLedger(), processLedger()];
		expect(await webhook.claim('sub1', 'evt1')).toBe(true);
		expect(await main.claim('sub1', 'evt1')).toBe(false);
		expect(await webhook.claim('sub1', 'evt1')).toBe(false);
		// Memory alone (the ledger before queue mode) would have taken it in each process.
		const [alone1, alone2] = [new InMemoryDeliveryLedger(), new InMemoryDeliveryLedger()];
		expect([await alone1.claim('sub1', 'evt1'), await alone2.claim('sub1', 'evt1')]).toEqual([true, true]);
	});

	it('the same event id, received by both at the same moment: taken once, for every event', async () => {
		const [main, webhook] = [processLedger(), processLedger()];
		const events = Array.from({ length: 40 }, (_, i) => `evt${i}`);
		const answers = await Promise.all(
			events.map(async (id) => (await Promise.all([main.claim('sub1', id), webhook.claim('sub1', id)])).filter(Boolean).length),
		);
		expect(answers).toEqual(events.map(() => 1));
		expect([main.errors, webhook.errors]).toEqual([[], []]);
		// n8n's row alone (read-modify-write) would take such a pair twice: both read before either writes.
		const rowOnly = { workflow: owner.workflow, node: { ...owner.node, id: 'row-only' } };
		await sharedStore().checkProcessedAndRecord(['earlier'], 'node', rowOnly, { mode: 'entries' });
		const pair = await Promise.all([1, 2].map(async () => await sharedStore().checkProcessedAndRecord(['x'], 'node', rowOnly, { mode: 'entries' })));
		expect(pair.map((answer) => answer.new)).toEqual([['x'], ['x']]);
	});

	it('the same event id at the same moment, when the other process has finished its claim before this one looks why its insert failed: taken once, no store failure', async () => {
		// Seen in real queue mode on PostgreSQL: the losing insert's follow-up read came after the
		// winner had recorded the event and deleted the event's own row.
		const store = sharedStore();
		let winner: Promise<boolean> | undefined;
		let lookedLate = 0;
		const lateToLook: IDataDeduplicator = {
			checkProcessedAndRecord: store.checkProcessedAndRecord.bind(store),
			removeProcessed: store.removeProcessed.bind(store),
			clearAllProcessedItems: store.clearAllProcessedItems.bind(store),
			getProcessedDataCount: async (...args) => {
				lookedLate++;
				await winner;
				return await store.getProcessedDataCount(...args);
			},
		};
		const [main, webhook] = [processLedger(), processLedger(owner, undefined, lateToLook)];
		winner = main.claim('sub1', 'evt1');
		const answers = await Promise.all([winner, webhook.claim('sub1', 'evt1')]);
		expect(lookedLate).toBeGreaterThan(0);
		expect(answers).toEqual([true, false]);
		expect([main.errors, webhook.errors]).toEqual([[], []]);
		expect([...database.rows.keys()]).toEqual([`${WORKFLOW_ID}|n:trigger`]);
	});

	it('keeps one row per trigger node: each event’s own row goes once the node’s row holds it', async () => {
		const [main, webhook] = [processLedger(owner, 5), processLedger(owner, 5)];
		for (let i = 0; i < 12; i++) await Promise.all([main.claim('sub1', `evt${i}`), webhook.claim('sub1', `evt${i}`)]);
		expect([...database.rows.keys()]).toEqual([`${WORKFLOW_ID}|n:trigger`]);
		expect(database.entriesOf(WORKFLOW_ID, 'trigger')).toHaveLength(5);
		// The oldest fall out of the store beyond its bound, as they do from memory.
		expect(await processLedger(owner, 5).claim('sub1', 'evt0')).toBe(true);
		expect(await processLedger(owner, 5).claim('sub1', 'evt11')).toBe(false);
		expect(EVENTS_REMEMBERED).toBe(new InMemoryDeliveryLedger().perSubscription);
	});

	it('a delivery one process could not hand to the workflow is released: Chert’s retry is taken by the other', async () => {
		const [main, webhook] = [processLedger(), processLedger()];
		expect(await webhook.claim('sub1', 'evt1')).toBe(true);
		// While the webhook processor is still on it, main answers the repeat as taken…
		expect(await main.claim('sub1', 'evt1')).toBe(false);
		await webhook.release('sub1', 'evt1');
		// …and takes Chert's retry once the webhook processor gave the event back.
		expect(await main.claim('sub1', 'evt1')).toBe(true);
		expect(await webhook.claim('sub1', 'evt1')).toBe(false);
	});

	it('keys each event by subscription, workflow and node', async () => {
		const [main, webhook] = [processLedger(), processLedger({ workflow: { id: 'other-workflow', active: true }, node: owner.node })];
		expect(await main.claim('sub1', 'evt1')).toBe(true);
		expect(await processLedger().claim('sub2', 'evt1')).toBe(true);
		expect(await processLedger({ ...owner, node: { ...owner.node, id: 'other-node' } }).claim('sub1', 'evt1')).toBe(true);
		expect(await webhook.claim('sub1', 'evt1')).toBe(true);
	});

	it('when the store fails, the delivery is checked in this process’s memory alone, and the failure reported', async () => {
		const main = processLedger();
		database.failure = new Error('connection terminated');
		expect(await main.claim('sub1', 'evt1')).toBe(true);
		expect(await main.claim('sub1', 'evt1')).toBe(false);
		expect(main.errors).toHaveLength(1);
		expect(String(main.errors[0])).toContain('connection terminated');
	});

	it('a workflow the store does not know (its foreign key): memory alone, reported', async () => {
		const main = processLedger({ workflow: { id: 'never-saved', active: false }, node: owner.node });
		expect(await main.claim('sub1', 'evt1')).toBe(true);
		expect(String(main.errors[0])).toContain('foreign key');
	});
});

describe('the trigger node in n8n’s webhook context uses the shared store', () => {
	const trigger = useTrigger();
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = trigger.sandbox()));

	it('an event another process took starts nothing here; one this process took is a repeat there', async () => {
		const { harness, subscription } = await trigger.activate(sandbox);
		const { event } = await inboundEvent(sandbox);
		expect(await processLedger().claim(subscription.id, event.id)).toBe(true);

		const delivery = await sandbox.deliverEvent(subscription.id, event);
		expect(delivery).toMatchObject({ status: 200, responseBody: JSON.stringify({ received: true, started: false, reason: 'duplicate event_id' }) });

		const next = await inboundEvent(sandbox, { text: 'And now?' });
		expect((await sandbox.deliverEvent(subscription.id, next.event)).status).toBe(200);
		await harness.settled();
		expect(harness.runs()).toHaveLength(1);
		expect(replies(sandbox)).toHaveLength(1);
		expect(await processLedger().claim(subscription.id, next.event.id)).toBe(false);
		// Recorded under the workflow's and the trigger node's ids, nothing else kept.
		expect([...database.rows.keys()]).toEqual([`${WORKFLOW_ID}|n:trigger`]);
		expect(setupN8nRuntime().logger.logs.filter((line) => line.includes('deduplication store'))).toEqual([]);
	});
});
