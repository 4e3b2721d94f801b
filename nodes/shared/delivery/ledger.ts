/**
 * Which deliveries a trigger has already taken, so Chert's retries (it repeats a delivery
 * that got a 5xx or no answer) start the workflow once.
 */
export interface DeliveryLedger {
	/** Records the event for the subscription; false when it was already recorded (a repeat). */
	claim(subscriptionId: string, eventId: string): Promise<boolean>;
	/** Forgets a claim whose delivery could not be handed to the workflow, so a retry is taken. */
	release(subscriptionId: string, eventId: string): Promise<void>;
}

/** How many recent event ids are remembered per subscription (in memory) and per trigger node (in n8n's store). */
export const EVENTS_REMEMBERED = 1000;

/**
 * The last `perSubscription` event ids of each of the last `subscriptions` subscriptions, in
 * this process's memory (n8n 2.41 does not persist static data a webhook writes). Both
 * bounds evict the least recently used entry. Forgotten on restart, and not shared between
 * processes.
 */
export class InMemoryDeliveryLedger implements DeliveryLedger {
	private readonly seen = new Map<string, Map<string, true>>();

	constructor(
		readonly perSubscription = EVENTS_REMEMBERED,
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

/**
 * This process's ledger first, then one every n8n process shares (queue mode: main and the
 * webhook processors all receive deliveries). The local one answers repeats in this process
 * without a round trip, including a repeat that arrives while the first is still being
 * claimed; the shared one answers repeats another process took.
 *
 * When the shared store fails, the local answer stands and `onSharedError` hears of it: a
 * delivery is better taken twice than lost (Chert gives up after 3 retries), and n8n cannot
 * start executions without its database anyway.
 */
export class LayeredDeliveryLedger implements DeliveryLedger {
	constructor(
		private readonly local: DeliveryLedger,
		private readonly shared: DeliveryLedger,
		private readonly onSharedError: (error: unknown) => void,
	) {}

	async claim(subscriptionId: string, eventId: string): Promise<boolean> {
		if (!(await this.local.claim(subscriptionId, eventId))) return false;
		let taken: boolean;
		try {
			taken = await this.shared.claim(subscriptionId, eventId);
		} catch (error) {
			this.onSharedError(error);
			return true;
		}
		// Taken elsewhere: not kept here, so that if that process releases it (its delivery
		// failed and Chert retries), the retry is taken here too.
		if (!taken) await this.local.release(subscriptionId, eventId);
		return taken;
	}

	async release(subscriptionId: string, eventId: string): Promise<void> {
		await this.local.release(subscriptionId, eventId);
		try {
			await this.shared.release(subscriptionId, eventId);
		} catch (error) {
			this.onSharedError(error);
		}
	}
}
