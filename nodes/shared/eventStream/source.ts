import type { ChertContext } from '../transport/chert.api';
import { listEventsPage, openEventStream } from '../transport/eventStream';

import type { EventStreamSource } from './subscriber';

/** The subscriber's way to Chert: the transport's requests, made as `context`'s node, with its Chert credential. */
export function eventStreamSourceOf(context: ChertContext): EventStreamSource {
	return {
		open: async (since, signal) => await openEventStream.call(context, since, signal),
		listPage: async (query, signal) => await listEventsPage.call(context, query, signal),
	};
}
