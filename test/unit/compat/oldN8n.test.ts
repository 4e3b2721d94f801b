/**
 * An n8n older than the supported range (before 1.85 it had no NodeConnectionTypes) gets an
 * error that names the package, the version it needs and what to do, not a bare TypeError.
 */
function loadWithN8nWorkflow<T>(overrides: Record<string, unknown>, load: () => T): T {
	let loaded: T | undefined;
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), ...overrides }));
		loaded = load();
	});
	jest.dontMock('n8n-workflow');
	return loaded as T;
}

const CLEAR_ERROR = /^n8n-nodes-chert needs n8n 1\.85 or newer: this n8n is older .*Update n8n/;

describe('on an n8n older than 1.85', () => {
	it('the Chert node fails to load with a clear error', () => {
		const { Chert } = loadWithN8nWorkflow({ NodeConnectionTypes: undefined }, () => require('../../../nodes/Chert/Chert.node'));
		expect(() => new Chert()).toThrow(CLEAR_ERROR);
	});

	it('the Chert Trigger fails to load with a clear error', () => {
		const { ChertTrigger } = loadWithN8nWorkflow({ NodeConnectionTypes: undefined }, () =>
			require('../../../nodes/ChertTrigger/ChertTrigger.node'),
		);
		expect(() => new ChertTrigger()).toThrow(CLEAR_ERROR);
	});
});

describe('on a supported n8n', () => {
	it('both nodes load, with n8n’s main connection', () => {
		const { Chert } = require('../../../nodes/Chert/Chert.node');
		const { ChertTrigger } = require('../../../nodes/ChertTrigger/ChertTrigger.node');
		expect(new Chert().description.inputs).toEqual(['main']);
		expect(new Chert().description.outputs).toEqual(['main']);
		expect(new ChertTrigger().description.outputs).toEqual(['main']);
	});
});
