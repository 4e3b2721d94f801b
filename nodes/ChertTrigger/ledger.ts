/**
 * Which deliveries a trigger has already taken, so Chert's retries (it repeats a delivery
 * that got a 5xx or no answer) start the workflow once. Behind an interface so a store
 * shared by several n8n processes (queue mode) can replace the in-process one.
 */
export interface DeliveryLedger {
	/** Records the event for the subscription; false when it was already recorded (a repeat). */
	claim(subscriptionId: string, eventId: string): Promise<boolean>;
	/** Forgets a claim whose delivery could not be handed to the workflow, so a retry is taken. */
	release(subscriptionId: string, eventId: string): Promise<void>;
}

/**
 * The last `perSubscription` event ids of each of the last `subscriptions` subscriptions, in
 * this process's memory (n8n 2.41 does not persist static data a webhook writes). Both
 * bounds evict the least recently used entry. Forgotten on restart, and not shared between
 * processes.
 */
export class InMemoryDeliveryLedger implements DeliveryLedger {
	private readonly seen = new Map<string, Map<string, true>>();

	constructor(
		readonly perSubscription = 1000,
		readonly subscriptions = 100,
	) {}

	async claim(subscriptionId: string, eventId: string): Promise<boolean> {
		const ids = this.idsOf(subscriptionId);
		if (ids.has(eventId)) {
			ids.delete(eventId);
			ids.set(eventId, true);
			return false;
		}
		ids.set(eventId, true);
		if (ids.size > this.perSubscription) ids.delete(ids.keys().next().value as string);
		return true;
	}

	async release(subscriptionId: string, eventId: string): Promise<void> {
		this.seen.get(subscriptionId)?.delete(eventId);
	}

	private idsOf(subscriptionId: string): Map<string, true> {
		let ids = this.seen.get(subscriptionId);
		if (ids) {
			this.seen.delete(subscriptionId);
		} else {
			ids = new Map();
			if (this.seen.size >= this.subscriptions) this.seen.delete(this.seen.keys().next().value as string);
		}
		this.seen.set(subscriptionId, ids);
		return ids;
	}
}

/** The ledger of this n8n process, shared by every Chert Trigger in it. */
export const processLedger: DeliveryLedger = new InMemoryDeliveryLedger();
