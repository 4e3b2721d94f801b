import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	originExecutionId,
	ORIGIN_EXECUTION_KEY,
	withIdempotencyKey,
} from '../../../nodes/Chert/helpers/idempotency';
import { idempotencyKeyOf } from '../../../nodes/shared/transport/idempotencyKey';
import type { ChertRequest } from '../../../nodes/shared/transport/request.types';

/**
 * The parts of n8n's node context the keys use. `nodeContext` is the node's context object
 * (`getContext('node')`), which n8n saves with the execution and a retry starts from; `null`
 * when the engine has none to give.
 */
function context({
	executionId = 'exec-1',
	runIndex = 0,
	nodeId = 'node-1',
	workflowId = 'wf-1',
	nodeContext = {} as IDataObject | null,
} = {}) {
	return {
		getNode: () => ({ id: nodeId }),
		getWorkflow: () => ({ id: workflowId }),
		getExecutionId: () => executionId,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
		getContext: () => {
			if (nodeContext === null) throw new Error('`executionData` is not initialized');
			return nodeContext;
		},
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

	describe("n8n's retry of a failed execution", () => {
		it('remembers the first execution in the node context, and keys from it', () => {
			const nodeContext: IDataObject = {};
			const key = keyOf(context({ nodeContext }), send());
			expect(nodeContext).toEqual({ [ORIGIN_EXECUTION_KEY]: 'exec-1' });
			// The same execution without a context gives the same key: nothing changes for a first run.
			expect(keyOf(context({ nodeContext: null }), send())).toBe(key);
		});

		it('gives a retried item the key it had in the original execution', () => {
			const original: IDataObject = {};
			const first = [0, 1, 2].map((item) => keyOf(context({ nodeContext: original }), send(`Hi ${item}`), item));
			// The retry is a new execution started from the original's saved data, context included.
			const retried = structuredClone(original);
			const again = [0, 1, 2].map((item) => keyOf(context({ executionId: 'exec-2', nodeContext: retried }), send(`Hi ${item}`), item));
			expect(again).toEqual(first);
			// A retry of that retry, too.
			expect(keyOf(context({ executionId: 'exec-3', nodeContext: structuredClone(retried) }), send('Hi 0'))).toBe(first[0]);
		});

		it('still tells items, runs and content apart on a retry', () => {
			const retried = () => context({ executionId: 'exec-2', nodeContext: { [ORIGIN_EXECUTION_KEY]: 'exec-1' } });
			const base = keyOf(retried(), send());
			expect(keyOf(retried(), send(), 1)).not.toBe(base);
			expect(keyOf(context({ executionId: 'exec-2', runIndex: 1, nodeContext: { [ORIGIN_EXECUTION_KEY]: 'exec-1' } }), send())).not.toBe(base);
			expect(keyOf(retried(), send('Edited before the retry'))).not.toBe(base);
		});

		it('keys a node that first runs in the retry from the retry', () => {
			const nodeContext: IDataObject = {};
			expect(originExecutionId.call(context({ executionId: 'exec-2', nodeContext }))).toBe('exec-2');
			expect(keyOf(context({ executionId: 'exec-2', nodeContext: {} }), send())).toBe(keyOf(context({ executionId: 'exec-2' }), send()));
		});

		it('"content" scope neither reads nor writes the node context', () => {
			const nodeContext: IDataObject = {};
			keyOf(context({ nodeContext }), send(), 0, 'content');
			expect(nodeContext).toEqual({});
		});
	});

	it("keeps the user's key", () => {
		expect(keyOf(context(), send('Hi', { idempotency_key: 'mine' }))).toBe('mine');
	});

	it('leaves requests that text nobody alone', () => {
		const read: ChertRequest = { method: 'GET', endpoint: '/phone-numbers' };
		expect(withIdempotencyKey.call(context(), read, 0, 'execution')).toBe(read);
	});
});
