import { NodeApiError, type INode } from 'n8n-workflow';

import { ERROR_HINTS, ROUTE_HINTS, errorHintFor } from '../../../nodes/shared/transport/errorHints';
import { chertApiError } from '../../../nodes/shared/transport/errors';

const route = (method: string, endpoint: string) => ({ method, endpoint });

describe('errorHintFor: the route’s meaning of a code, else the code’s', () => {
	it.each([
		// [method, endpoint as sent, code, a phrase of the hint]
		['POST', '/messages/m1/edit', 4001, 'within 15 minutes of sending it'],
		['POST', '/messages/m1/edit', 4099, 'cannot edit messages'],
		['POST', '/messages/m1/edit', 1002, 'new text must not be empty'],
		['POST', '/chats/ch_01H/participants', 1006, 'is a direct message'],
		['DELETE', '/chats/ch_01H/participants/%2B14155551234', 1006, 'is a direct message'],
		['PUT', '/chats/ch_01H', 1006, 'is a direct message'],
		['DELETE', '/chats/ch_01H/participants/%2B14155551234', 1002, 'cannot shrink below 3'],
		['DELETE', '/chats/ch_01H/participants/%2B14155551234', 1001, 'not in the group'],
		['POST', '/chats/ch_01H/participants', 4001, 'rejected the group change'],
		['DELETE', '/chats/ch_01H/participants/a%40b.com', 4001, 'rejected the group change'],
		['PUT', '/chats/ch_01H', 4001, 'rejected the group change'],
		['POST', '/chats/ch_01H/participants', 4099, 'lacks a chat key or a pinned line'],
		['DELETE', '/chats/ch_01H/participants/%2B1', 4099, 'lacks a chat key or a pinned line'],
		['PUT', '/chats/ch_01H', 4099, 'lacks a chat key or a pinned line'],
		['POST', '/locations', 4099, 'no location support'],
		['POST', '/locations', 2002, 'not the chat UUID from Create Chat'],
		['POST', '/events/evt_1/replay', 1002, 'nowhere to go'],
		['POST', '/events/evt_1/replay', 2011, 'event was not found'],
		['POST', '/events/evt_1/replay', 3004, 'replay it again later'],
		['GET', '/events/evt_1', 2011, 'event was not found'],
		['GET', '/events?status=failed', 1002, 'status is pending, delivered, failed or dev_inbox'],
		['POST', '/webhook-subscriptions', 1002, 'https URL'],
		['PATCH', '/webhook-subscriptions/sub_1', 1002, 'is_active'],
		['POST', '/chats', 4099, 'first message of a group chat can only be text'],
		['POST', '/chats/c1/mark-read', 4099, 'cannot send read receipts'],
		['POST', '/send', 1011, 'not URLs'],
		['POST', '/send', 1002, '"live_photo": true'],
	])('%s %s, code %d → “…%s…”', (method, endpoint, code, phrase) => {
		expect(errorHintFor(code, route(method, endpoint))).toContain(phrase);
	});

	it('falls back to the code’s general hint on routes without their own meaning', () => {
		expect(errorHintFor(4001, route('POST', '/chats/c1/messages'))).toBe(ERROR_HINTS[4001]);
		expect(errorHintFor(1006, route('POST', '/chats/c1/messages'))).toBe(ERROR_HINTS[1006]);
		expect(errorHintFor(2011, route('POST', '/chats'))).toBe(ERROR_HINTS[2011]);
		expect(errorHintFor(1002, route('GET', '/phone-numbers'))).toBe(ERROR_HINTS[1002]);
		expect(errorHintFor(4001, undefined)).toBe(ERROR_HINTS[4001]);
	});

	it('matches method and every segment: another method, a longer or shorter path is another route', () => {
		expect(errorHintFor(1006, route('GET', '/chats/c1/participants'))).toBe(ERROR_HINTS[1006]);
		expect(errorHintFor(1006, route('PUT', '/chats/c1/participants'))).toBe(ERROR_HINTS[1006]);
		expect(errorHintFor(1002, route('DELETE', '/chats/c1/participants'))).toBe(ERROR_HINTS[1002]);
		expect(errorHintFor(4001, route('POST', '/messages/m1/edit/x'))).toBe(ERROR_HINTS[4001]);
		expect(errorHintFor(4001, route('post', '/messages/m1/edit'))).toBe(ROUTE_HINTS['POST /messages/:id/edit'][4001]);
	});

	it('gives no hint without a code, or for a code nobody documents', () => {
		expect(errorHintFor(undefined, route('POST', '/send'))).toBeUndefined();
		expect(errorHintFor(9999, route('POST', '/send'))).toBeUndefined();
	});

	it('every route pattern is a method and a path under /api/v1', () => {
		for (const key of Object.keys(ROUTE_HINTS)) expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/[a-z-]+(\/(:[a-z]+|[a-z-]+))*$/);
	});
});

describe('chertApiError uses the route’s hint', () => {
	const node = { id: 'n', name: 'Chert', type: 'n8n-nodes-chert.chert', typeVersion: 2, position: [0, 0], parameters: {} } as INode;
	const details = { httpStatus: 502, code: 4001, message: 'Edit window expired', traceId: 'tr_9', retryable: true };

	it('on an edit, 4001 is the expired window, with Chert’s code, message and trace id', () => {
		const error = chertApiError(node, details, 0, 1, route('POST', '/messages/m1/edit'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Edit window expired (Chert error 4001)');
		expect(error.description).toBe(`${ROUTE_HINTS['POST /messages/:id/edit'][4001]} Trace ID: tr_9`);
		expect(error.httpCode).toBe('502');
	});

	it('on a send, the same code is a downstream failure', () => {
		const error = chertApiError(node, details, 0, 1, route('POST', '/chats/c1/messages'));
		expect(error.description).toBe(`${ERROR_HINTS[4001]} Trace ID: tr_9`);
	});
});
