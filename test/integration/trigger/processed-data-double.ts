/**
 * n8n's deduplication store in memory, behaving as n8n 2.41.1's database implementation
 * (n8n/dist/deduplication/deduplication-helper.js over the `processed_data` table), mode
 * `entries` only:
 *
 * - one row per (workflow id, context), context `n:<node id>` for scope `node`, `''` for
 *   `workflow`; the row holds the md5 (base64) hashes of the entries, the oldest dropped
 *   beyond `maxEntries`;
 * - `checkProcessedAndRecord` reads the row, then inserts it (when there was none) or updates
 *   it: read-modify-write, with a database round trip (`latencyMs`) before each statement, so
 *   two callers can interleave as two n8n processes do;
 * - an insert of a row that exists fails as PostgreSQL's primary key does;
 * - a row's workflow id must name a saved workflow when `workflowIds` is given (the table's
 *   foreign key).
 */
import { createHash } from 'node:crypto';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	workflowId: string;
	context: string;
	value: { mode: string; data: string[] };
}

export class ProcessedDataDouble implements IDataDeduplicator {
	readonly rows = new Map<string, Row>();
	/** Statements run, in order (`select`, `insert`, `update`, `delete`). */
	readonly statements: string[] = [];
	/** Set to make every statement fail, as a database that went away. */
	failure: Error | undefined;

	constructor(
		private readonly options: { latencyMs?: number; workflowIds?: string[] } = {},
	) {}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = keyOf(scope, contextData);
		const hashes = items.map(hashOf);
		const found = await this.select(key);
		if (!found) {
			if (options.maxEntries) hashes.splice(0, hashes.length - options.maxEntries);
			await this.insert({ workflowId: contextData.workflow.id, context: key.context, value: { mode: options.mode, data: hashes } });
			return { new: items, processed: [] };
		}
		const output: IDeduplicationOutput = { new: [], processed: [] };
		const seen = new Set(found.value.data);
		hashes.forEach((hash, index) => {
			if (seen.has(hash)) {
				output.processed.push(items[index]);
			} else {
				output.new.push(items[index]);
				found.value.data.push(hash);
			}
		});
		if (options.maxEntries) found.value.data.splice(0, found.value.data.length - options.maxEntries);
		await this.update(found);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		const found = await this.select(keyOf(scope, contextData));
		if (!found) return;
		for (const hash of items.map(hashOf)) {
			const index = found.value.data.indexOf(hash);
			if (index !== -1) found.value.data.splice(index, 1);
		}
		await this.update(found);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		const key = keyOf(scope, contextData);
		await this.roundTrip('delete');
		this.rows.delete(key.id);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const found = await this.select(keyOf(scope, contextData));
		return options.mode === 'entries' && found ? found.value.data.length : 0;
	}

	/** The hashes a node's row holds (undefined when it has none). */
	entriesOf(workflowId: string, nodeId: string): string[] | undefined {
		return this.rows.get(`${workflowId}|n:${nodeId}`)?.value.data;
	}

	private async roundTrip(statement: string): Promise<void> {
		this.statements.push(statement);
		await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs ?? 0));
		if (this.failure) throw this.failure;
	}

	/** A copy, as a database read gives. */
	private async select(key: { id: string }): Promise<Row | undefined> {
		await this.roundTrip('select');
		const row = this.rows.get(key.id);
		return row && structuredClone(row);
	}

	private async insert(row: Row): Promise<void> {
		await this.roundTrip('insert');
		const id = `${row.workflowId}|${row.context}`;
		if (this.options.workflowIds && !this.options.workflowIds.includes(row.workflowId)) {
			throw new Error('insert or update on table "processed_data" violates foreign key constraint');
		}
		if (this.rows.has(id)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		this.rows.set(id, structuredClone(row));
	}

	private async update(row: Row): Promise<void> {
		await this.roundTrip('update');
		const id = `${row.workflowId}|${row.context}`;
		if (this.rows.has(id)) this.rows.set(id, structuredClone(row));
	}
}

function keyOf(scope: DeduplicationScope, contextData: ICheckProcessedContextData) {
	if (scope === 'node' && !contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
	const context = scope === 'node' ? `n:${contextData.node!.id}` : '';
	return { context, id: `${contextData.workflow.id}|${context}` };
}

function hashOf(item: DeduplicationItemTypes): string {
	return createHash('md5').update(item.toString()).digest('base64');
}
