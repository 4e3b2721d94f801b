/**
 * The signing secret never appears in an output, an error message, a description or a log
 * line, whatever goes wrong: every error path is run, with Bearer and with HMAC, with and
 * without Continue On Fail.
 */
import type { INodeParameters } from 'n8n-workflow';

import { chertNode, createChatParams, runChert, sendMessageParams, startSandbox, type Sandbox, useSandbox } from './chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

type Path = { name: string; parameters: INodeParameters; arrange?: (sandbox: Sandbox) => void; signingSecret?: string };

const ERROR_PATHS: Path[] = [
	{ name: 'validation error', parameters: createChatParams({ from: 'nope' }) },
	{ name: 'API error (2006)', parameters: createChatParams({ from: '+15559999999' }) },
	{ name: 'unknown chat (2002)', parameters: sendMessageParams({ chatId: 'missing' }) },
	{ name: 'wrong secret (401)', parameters: createChatParams(), signingSecret: 'e'.repeat(32) },
	{
		name: 'server errors until the attempts run out',
		parameters: createChatParams({ options: { maxAttempts: 2 } }),
		arrange: (s) => s.injectError({ code: 3001, status: 500, times: 5 }),
	},
	{
		name: 'rate limited beyond the wait cap',
		parameters: createChatParams(),
		arrange: (s) => s.injectError({ code: 1007, status: 429, retry_after: 9999 }),
	},
	{
		name: 'timeout',
		parameters: createChatParams({ options: { maxAttempts: 1, timeout: 1000 } }),
		arrange: (s) => s.injectFault({ kind: 'delay', delayMs: 1500 }),
	},
	{
		name: 'connection dropped',
		parameters: createChatParams({ options: { maxAttempts: 1 } }),
		arrange: (s) => s.injectFault({ kind: 'drop' }),
	},
];

const cases = ERROR_PATHS.flatMap((path) =>
	['bearer', 'hmac'].flatMap((authentication) =>
		[false, true].map((continueOnFail) => [path.name, authentication, continueOnFail, path] as const),
	),
);

function expectNoSecret(text: string, secrets: string[]) {
	for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('the signing secret stays secret', () => {
	it.each(cases)('%s (%s, continue on fail: %s)', async (_name, authentication, continueOnFail, path) => {
		path.arrange?.(sandbox);
		const node = chertNode('Chert', path.parameters, continueOnFail ? { onError: 'continueRegularOutput' } : {});
		const result = await runChert(sandbox, [node], {
			signingSecret: path.signingSecret,
			credential: { authentication, tenant: sandbox.tenantSlug },
		});
		await sandbox.idle();

		const secrets = [sandbox.signingSecret, ...(path.signingSecret ? [path.signingSecret] : [])];
		const nodeRun = result.nodes.Chert;
		const failed = continueOnFail ? nodeRun.items[0]?.json : nodeRun.error;
		expect(failed).toBeDefined();
		expectNoSecret(JSON.stringify(result.run), secrets);
		expectNoSecret(result.logs.join('\n'), secrets);
		const error = nodeRun.error as unknown as { message?: string; description?: string } | undefined;
		expectNoSecret(`${error?.message}\n${error?.description}`, secrets);
	});

	it('is not in the error when Chert cannot be reached at all', async () => {
		const gone = await startSandbox();
		await gone.close();
		const result = await runChert(gone, [chertNode('Chert', createChatParams({ options: { maxAttempts: 2 } }))], {
			signingSecret: sandbox.signingSecret,
		});
		expect(result.nodes.Chert.error).toMatchObject({ message: `Could not reach Chert at ${gone.url}` });
		expectNoSecret(JSON.stringify(result.run) + result.logs.join('\n'), [sandbox.signingSecret]);
	});
});
