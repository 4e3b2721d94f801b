import type { IExecuteFunctions } from 'n8n-workflow';

import { idempotencyKeyOf, withIdempotencyKey } from '../../../nodes/Chert/helpers/idempotency';
import type { ChertRequest } from '../../../nodes/Chert/transport/request.types';

function context({ executionId = 'exec-1', runIndex = 0, nodeId = 'node-1', workflowId = 'wf-1' } = {}) {
	return {
		getNode: () => ({ id: nodeId }),
		getWorkflow: () => ({ id: workflowId }),
		getExecutionId: () => executionId,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
	} as unknown as IExecuteFunctions;
}

const send = (text = 'Hi', extra: Record<string, unknown> = {}): ChertRequest => ({
	method: 'POST',
	endpoint: '/chats',
	body: { from: '+15550000001', to: ['+14155550123'], message: { parts: [{ type: 'text', value: text }], ...extra } },
	idempotencyKeyPath: ['message', 'idempotency_key'],
});

const keyOf = (ctx: IExecuteFunctions, request: ChertRequest, item = 0, scope: 'execution' | 'content' = 'execution') =>
	idempotencyKeyOf(withIdempotencyKey.call(ctx, request, item, scope));

describe('automatic idempotency keys', () => {
	it('is the same for the same item retried in the same execution and run', () => {
		expect(keyOf(context(), send())).toMatch(/^n8n-[0-9a-f]{40}$/);
		expect(keyOf(context(), send())).toBe(keyOf(context(), send()));
	});

	it.each([
		['another item', () => keyOf(context(), send(), 1)],
		['another run of the node', () => keyOf(context({ runIndex: 1 }), send())],
		['another execution', () => keyOf(context({ executionId: 'exec-2' }), send())],
		['another node', () => keyOf(context({ nodeId: 'node-2' }), send())],
		['another text (an edited message)', () => keyOf(context(), send('Hi!'))],
	])('changes for %s', (_case, other) => {
		expect(other()).not.toBe(keyOf(context(), send()));
	});

	it('"content" scope ignores the execution, run and item, not the content or the node', () => {
		const base = keyOf(context(), send(), 0, 'content');
		expect(keyOf(context({ executionId: 'exec-9', runIndex: 3 }), send(), 4, 'content')).toBe(base);
		expect(keyOf(context(), send('other'), 0, 'content')).not.toBe(base);
		expect(keyOf(context({ nodeId: 'node-2' }), send(), 0, 'content')).not.toBe(base);
		expect(keyOf(context({ workflowId: 'wf-2' }), send(), 0, 'content')).not.toBe(base);
	});

	it('does not depend on the order the body’s fields were set in', () => {
		const reordered: ChertRequest = {
			...send(),
			body: { message: { parts: [{ value: 'Hi', type: 'text' }] }, to: ['+14155550123'], from: '+15550000001' },
		};
		expect(keyOf(context(), reordered)).toBe(keyOf(context(), send()));
	});

	it("keeps the user's key", () => {
		expect(keyOf(context(), send('Hi', { idempotency_key: 'mine' }))).toBe('mine');
	});

	it('leaves requests that text nobody alone', () => {
		const read: ChertRequest = { method: 'GET', endpoint: '/phone-numbers' };
		expect(withIdempotencyKey.call(context(), read, 0, 'execution')).toBe(read);
	});
});
