/**
 * Neither the API signing secret nor the subscription's secret appears in an output, an
 * error, an answer to Chert or a log line, whatever happens to a delivery or a lifecycle call.
 */
import { capturedLogs } from '../../helpers/workflow-runner';
import type { Sandbox } from '../chert-workflow';
import { inboundEvent, onlySubscription, useTrigger } from './trigger-workflow';

const trigger = useTrigger({ webhookRetryDelaysMs: [] });
let sandbox: Sandbox;
beforeEach(() => (sandbox = trigger.sandbox()));

it.each(['bearer', 'hmac'])('stay out of outputs, errors, answers and logs on every path (%s)', async (authentication) => {
	const logsBefore = capturedLogs().length;
	const errors: unknown[] = [];
	const harness = await trigger.start(sandbox, { options: { downloadMedia: true } }, { authentication, tenant: sandbox.tenantSlug });
	await harness.activate();
	const subscription = onlySubscription(sandbox);

	// A good delivery, each bad one, a repeat, and one whose download fails (500).
	const { event, chatId } = await inboundEvent(sandbox);
	await sandbox.deliverEvent(subscription.id, event);
	await sandbox.deliverEvent(subscription.id, event);
	for (const tamper of ['wrong-secret', 'altered-body', 'stale-timestamp', 'missing-signature', 'malformed-signature'] as const) {
		await sandbox.deliverEvent(subscription.id, event, { tamper });
	}
	const photo = sandbox.addInboundAttachment({ filename: 'a.png', content_type: 'image/png', bytes: 'png' });
	sandbox.injectError({ method: 'GET', code: 2004, status: 401 });
	await sandbox.addInboundMessage({ chatId, parts: [{ type: 'media', attachment_id: photo }] }).deliveries;
	await harness.settled();

	// A delete Chert refuses, a checkExists that fails, a create Chert refuses.
	sandbox.injectError({ method: 'DELETE', code: 2004, status: 401 });
	await harness.deactivate();
	sandbox.injectError({ method: 'GET', code: 2004, status: 401 });
	await harness.activate().catch((error: unknown) => errors.push(error));
	await harness.deactivate();
	sandbox.injectError({ method: 'POST', code: 1002, status: 400 });
	await harness.activate().catch((error: unknown) => errors.push(error));
	await harness.settled();

	expect(harness.runs().length).toBeGreaterThan(0);
	expect(errors).toHaveLength(2);
	expect(harness.calls.some((call) => call.error !== undefined)).toBe(true);
	const seen = [
		JSON.stringify(harness.runs().map((run) => run.run)),
		JSON.stringify(harness.calls.map(({ status, body, result }) => ({ status, body, result }))),
		harness.calls.map((call) => asText(call.error)).join('\n'),
		errors.map(asText).join('\n'),
		sandbox.state.webhookDeliveries.map((d) => d.responseBody).join('\n'),
		capturedLogs().slice(logsBefore).join('\n'),
	].join('\n');
	expect(seen).toContain('Chert Trigger refused a delivery (401): signature mismatch');
	for (const secret of [sandbox.signingSecret, subscription.secret]) expect(seen).not.toContain(secret);
});

function asText(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const { message, stack, description, context } = error as Error & { description?: string; context?: unknown };
	return JSON.stringify({ message, stack, description, context, cause: (error as { cause?: unknown }).cause });
}
