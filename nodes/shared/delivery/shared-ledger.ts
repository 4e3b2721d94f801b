import { createHash } from 'node:crypto';

import {
	NodeOperationError,
	type ICheckProcessedContextData,
	type ICheckProcessedOptions,
	type IDataDeduplicator,
	type INode,
	type ITriggerFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { EVENTS_REMEMBERED, LayeredDeliveryLedger, processLedger, type DeliveryLedger } from './ledger';

/** The trigger node whose deliveries a ledger records, and its workflow. */
export interface LedgerOwner {
	workflow: { id: string; active: boolean };
	node: INode;
}

const ONE_ENTRY: ICheckProcessedOptions = { mode: 'entries', maxEntries: 1 };
const LOCK_ATTEMPTS = 3;

/**
 * The deliveries a trigger node has taken, in n8n's own deduplication store (the
 * `processed_data` table of n8n's database), which every process of a queue-mode setup
 * shares: a repeat received by another process is recognised.
 *
 * n8n keeps one row per workflow and node, holding the hashes of the last `remembered`
 * entries, and updates it by read-modify-write. Two processes claiming the same event at the
 * same moment could both read it before either writes, so each claim first takes a row of
 * its own for that event: the first insert of a row wins and a second one hits the primary
 * key. That row goes once the node's row holds the event, so rows stay bounded (a process
 * that dies between the two leaves it behind, and the event counts as taken).
 */
export class N8nDeduplicationLedger implements DeliveryLedger {
	constructor(
		private readonly store: IDataDeduplicator,
		private readonly owner: LedgerOwner,
		private readonly remembered = EVENTS_REMEMBERED,
	) {}

	async claim(subscriptionId: string, eventId: string): Promise<boolean> {
		const entry = entryOf(subscriptionId, eventId);
		const lock = this.contextOf(`${this.owner.node.id}:${digest(entry)}`);
		if (!(await this.lock(entry, lock))) return false;
		try {
			return await this.record(entry);
		} finally {
			await this.store.clearAllProcessedItems('node', lock, ONE_ENTRY);
		}
	}

	async release(subscriptionId: string, eventId: string): Promise<void> {
		await this.store.removeProcessed([entryOf(subscriptionId, eventId)], 'node', this.contextOf(), this.recent());
	}

	/** Takes the event's own row; false when it exists (another process is claiming the event). */
	private async lock(entry: string, lock: ICheckProcessedContextData): Promise<boolean> {
		for (let attempt = 1; ; attempt++) {
			try {
				const answer = await this.store.checkProcessedAndRecord([entry], 'node', lock, ONE_ENTRY);
				return answer.new.length > 0;
			} catch (error) {
				// The insert lost to another process's (a primary key violation, worded per database).
				if ((await this.store.getProcessedDataCount('node', lock, ONE_ENTRY)) > 0) return false;
				// Or that process has finished its claim and deleted its row since: take the row now,
				// and the node's row says whether the event was recorded. Only a database that keeps
				// failing the insert runs out of attempts.
				if (attempt === LOCK_ATTEMPTS) throw new NodeOperationError(this.owner.node, error as Error);
			}
		}
	}

	/** Adds the event to the node's row; false when the row already held it. */
	private async record(entry: string): Promise<boolean> {
		const node = this.contextOf();
		const check = async () =>
			(await this.store.checkProcessedAndRecord([entry], 'node', node, this.recent())).new.length > 0;
		try {
			return await check();
		} catch (error) {
			// The node's first row, inserted by two processes at once: it exists now, add to it.
			if ((await this.store.getProcessedDataCount('node', node, this.recent())) === 0) {
				throw new NodeOperationError(this.owner.node, error as Error);
			}
			return await check();
		}
	}

	/** Scope `node` keys a row by workflow and node id: the node's own, or one for a single event. */
	private contextOf(nodeId = this.owner.node.id): ICheckProcessedContextData {
		return { workflow: this.owner.workflow, node: { ...this.owner.node, id: nodeId } };
	}

	private recent(): ICheckProcessedOptions {
		return { mode: 'entries', maxEntries: this.remembered };
	}
}

function entryOf(subscriptionId: string, eventId: string): string {
	return `${subscriptionId}\n${eventId}`;
}

function digest(entry: string): string {
	return createHash('sha256').update(entry).digest('hex');
}

/**
 * n8n's deduplication service of this process. n8n 2.41's webhook context offers no
 * deduplication helpers, so the trigger asks n8n-core for the service itself: n8n puts its
 * own modules on NODE_PATH before it loads community packages, so this is n8n's instance,
 * which every n8n command (start, webhook, worker) initialises at start-up. Loaded when first
 * needed, and never a dependency of the package.
 */
export function n8nDeduplicationStore(): IDataDeduplicator | Error {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const core = require('n8n-core') as { DataDeduplicationService: { getInstance(): IDataDeduplicator } };
		return core.DataDeduplicationService.getInstance();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

let reportedUnavailable = false;

/**
 * The ledger for a delivery to this node: this process's, then n8n's shared store. Without
 * that store (n8n-core not found, or not initialised) this process's memory alone, said once
 * in the log.
 */
export function deliveryLedgerOf(this: IWebhookFunctions | ITriggerFunctions): DeliveryLedger {
	const workflow = this.getWorkflow();
	const store = n8nDeduplicationStore();
	if (store instanceof Error || !workflow.id) {
		if (!reportedUnavailable) {
			reportedUnavailable = true;
			this.logger.warn(
				'Chert Trigger: n8n’s deduplication store is not available, so repeated deliveries are recognised in this process’s memory only',
				{ reason: store instanceof Error ? store.message : 'the workflow has no id' },
			);
		}
		return processLedger;
	}
	const owner = { workflow: { id: workflow.id, active: workflow.active }, node: this.getNode() };
	return new LayeredDeliveryLedger(processLedger, new N8nDeduplicationLedger(store, owner), (error) =>
		this.logger.warn('Chert Trigger: n8n’s deduplication store failed; this delivery was checked in this process’s memory only', {
			error: error instanceof Error ? error.message : String(error),
			node: owner.node.name,
			workflowId: workflow.id,
		}),
	);
}
