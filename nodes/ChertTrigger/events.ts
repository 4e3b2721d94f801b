import { NodeOperationError, type IHookFunctions, type ITriggerFunctions, type IWebhookFunctions } from 'n8n-workflow';

/** The events Chert documents for webhooks. */
export const CHERT_EVENTS = ['message.received', 'reaction.added', 'reaction.removed', 'lead_reply'] as const;

/** The Events choice meaning "all of them": Chert's empty `events` list. */
export const ALL_EVENTS = '*';

/**
 * The `events` Chert is asked for: `[]` (Chert: "empty = all") when All Events is chosen,
 * else the chosen events, sorted and without repeats.
 */
export function subscribedEvents(this: IHookFunctions | IWebhookFunctions | ITriggerFunctions): string[] {
	const chosen = this.getNodeParameter('events', []) as string[];
	if (chosen.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event to listen to', {
			description: 'Pick the events in the Events field, or All Events.',
		});
	}
	if (chosen.includes(ALL_EVENTS)) return [];
	return [...new Set(chosen)].sort();
}

/** Whether two `events` lists ask for the same thing (all four events count as all). */
export function sameEvents(a: readonly unknown[], b: readonly unknown[]): boolean {
	const normal = (list: readonly unknown[]) => {
		const set = new Set(list.map(String));
		return CHERT_EVENTS.every((event) => set.has(event)) ? '' : [...set].sort().join(',');
	};
	return normal(a) === normal(b);
}

/** Whether a delivered event is one the trigger listens to (`[]` = all). */
export function isWanted(events: readonly string[], eventType: string | undefined): boolean {
	return events.length === 0 || (eventType !== undefined && events.includes(eventType));
}
