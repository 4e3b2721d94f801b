import type { INodeProperties } from 'n8n-workflow';

/** The event Get and Replay act on; `purpose` completes "The ID of the event …". */
export function eventIdProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		required: true,
		default: '={{ $json.eventId }}',
		description: `The ID of the event ${purpose}: the eventId of an item from Event → List (the ID of Chert’s evt_… row, not the event_id inside its payload). Defaults to the eventId of the incoming item.`,
	};
}
