import { ANA, AUTOMATIC_KEY, apiRequests, chertNode, createChatParams, requestsFromNow, runChert, SENDER, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const CITY_HALL = { latitude: 37.779265, longitude: -122.419277 };
const sendLocation = (parameters: Record<string, unknown> = {}) => ({ resource: 'location', operation: 'send', ...CITY_HALL, ...parameters });
/** The node as a new workflow gets it (version 2). */
const locationNode = (parameters: Record<string, unknown> = {}, extra = {}) =>
	chertNode('Location', sendLocation(parameters), { typeVersion: 2, ...extra });

describe('Location → Send (version 2), run by n8n against the sandbox', () => {
	const sandboxOf = useSandbox();
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('sends to a phone number by default, and passes Chert’s answer through with messageId on top', async () => {
		const result = await runChert(sandbox, [locationNode({ phone: ANA, options: { label: 'City Hall' } })]);

		expect(result.error).toBeUndefined();
		const [request] = apiRequests(sandbox);
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/locations', status: 202 });
		expect(request.body).toEqual({ phone: ANA, ...CITY_HALL, label: 'City Hall', idempotency_key: AUTOMATIC_KEY });
		const [output] = result.output('Location');
		const delivery = sandbox.state.messagesDelivered[0];
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({
			messageId: delivery.messageId,
			message_id: delivery.messageId,
			status: 'queued',
			phone_line_id: 'line_1',
			delivery: 'queued',
			location: { ...CITY_HALL, label: 'City Hall', mode: 'balloon' },
			idempotencyKey: request.body.idempotency_key,
		});
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});

	it('sends into a chat by its delivery chat id, with fallback_mode and expires_at', async () => {
		const { chatId } = await seedChat(sandbox);
		const deliveryChatId = sandbox.deliveryChatIdOf(chatId);
		const requests = requestsFromNow(sandbox);
		const options = { label: 'City Hall', fallbackMode: 'auto', expiresAt: '2026-06-01T18:00:00Z', idempotencyKey: 'pin-1' };

		const result = await runChert(sandbox, [locationNode({ sendTo: 'chat', chatId: deliveryChatId, options })]);

		expect(result.error).toBeUndefined();
		expect(requests().map((r) => r.body)).toEqual([
			{ chat_id: deliveryChatId, ...CITY_HALL, label: 'City Hall', fallback_mode: 'auto', expires_at: '2026-06-01T18:00:00Z', idempotency_key: 'pin-1' },
		]);
		expect(result.json('Location')[0]).toMatchObject({
			phone_line_id: 'line_1',
			delivery: 'queued',
			location: { ...CITY_HALL, label: 'City Hall', mode: 'balloon', fallback_mode_requested: 'auto' },
			idempotencyKey: 'pin-1',
		});
		expect(result.json('Location')[0]).not.toHaveProperty('chatId');
		expect(sandbox.state.messagesDelivered.at(-1)).toMatchObject({ chatId, to: [ANA], location: { fallback_mode: 'auto', expires_at: '2026-06-01T18:00:00Z' } });
	});

	it('sends an expires_at from an expression ({{ $now.plus(…) }}) as an ISO 8601 date-time', async () => {
		await runChert(sandbox, [locationNode({ phone: ANA, options: { expiresAt: '={{ $now.plus({ hours: 2 }) }}' } })]);

		const sent = apiRequests(sandbox)[0].body.expires_at as string;
		expect(sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}([+-]\d{2}:\d{2}|Z)$/);
		expect(Math.abs(Date.parse(sent) - Date.now() - 2 * 3600_000)).toBeLessThan(60_000);
	});

	it('refuses the chat UUID from Create Chat before sending the location, naming the item and the field', async () => {
		const result = await runChert(sandbox, [
			chertNode('Create Chat', createChatParams()),
			locationNode({ sendTo: 'chat', chatId: '={{ $json.chatId }}' }),
		]);

		expect(result.nodes.Location.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 1: "Delivery Chat ID" is a chat UUID \(the chat id Create Chat returns\), which Chert’s \/locations does not take: give Chert’s delivery chat id \(e\.g\. iMessage;\+;chat42\)/),
		});
		expect(apiRequests(sandbox).map((r) => r.path)).toEqual(['/api/v1/chats']);
	});

	it('with Continue On Fail, a UUID item gets its error item and the other item is sent', async () => {
		const { chatId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [locationNode({ sendTo: 'chat', chatId: '={{ $json.target }}' }, { onError: 'continueRegularOutput' })], {
			inputItems: [{ target: chatId }, { target: sandbox.deliveryChatIdOf(chatId) }],
		});

		const outputs = result.output('Location');
		expect(outputs.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(outputs[0].json.error).toMatch(/^Item 1: "Delivery Chat ID" is a chat UUID/);
		expect(outputs[1].json).toMatchObject({ status: 'queued', delivery: 'queued' });
		expect(requests()).toHaveLength(1);
	});

	it.each([
		['a latitude beyond 90°', { phone: ANA, latitude: 91 }, /^Item 1: "Latitude" must be a number of degrees between -90 and 90/],
		['a longitude beyond 180°', { phone: ANA, longitude: '={{ -180.5 }}' }, /^Item 1: "Longitude" must be a number of degrees between -180 and 180/],
		['a phone number not in E.164', { phone: '0044 20 7946 0000' }, /^Item 1: "Phone Number" must be a phone number in E\.164/],
		['an expiry that is not a date-time', { phone: ANA, options: { expiresAt: '={{ "next week" }}' } }, /^Item 1: "Options › Expires At" must be an ISO 8601 date-time/],
		['a delivery chat id given by an expression that is empty', { sendTo: 'chat', chatId: '={{ $json.nothing }}' }, /^Item 1: "Delivery Chat ID" is required: Chert’s delivery chat id/],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [locationNode(parameters)]);

		expect(result.nodes.Location.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('explains Chert’s 2002 on /locations: a delivery chat id Chert does not know', async () => {
		const result = await runChert(sandbox, [locationNode({ sendTo: 'chat', chatId: 'iMessage;+;chat99' })]);

		expect(result.nodes.Location.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 2002)'),
			description: expect.stringContaining('/locations takes Chert’s delivery chat id (e.g. iMessage;+;chat42), not the chat UUID from Create Chat'),
			httpCode: '404',
		});
		expect(sandbox.state.messagesDelivered).toHaveLength(0);
	});
});

describe('Location → Send from a line without location support', () => {
	const sandboxOf = useSandbox({ phoneNumbers: [{ phone_number: SENDER, capabilities: ['text'] }] });

	it('explains Chert’s 4099 as the line’s', async () => {
		const sandbox = sandboxOf();
		const result = await runChert(sandbox, [locationNode({ phone: ANA })]);

		expect(result.nodes.Location.error).toMatchObject({
			message: expect.stringContaining('(Chert error 4099)'),
			description: expect.stringMatching(/^The line cannot send locations: it has no location support\. Trace ID: \S+$/),
		});
		expect(apiRequests(sandbox)).toHaveLength(1);
	});
});

describe('Location → Send, version 1 (workflows saved before version 2)', () => {
	const sandboxOf = useSandbox();
	let sandbox: Sandbox;
	beforeEach(() => (sandbox = sandboxOf()));

	it('keeps its defaults: into a chat, the chat id of the incoming item — a chat UUID is refused before sending', async () => {
		const { chatId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);

		const result = await runChert(sandbox, [chertNode('Location', sendLocation())], { inputItems: [{ chatId }] });

		expect(result.nodes.Location.error?.message).toMatch(/^Item 1: "Delivery Chat ID" is a chat UUID/);
		expect(requests()).toHaveLength(0);
	});

	it('keeps its defaults: the incoming item’s chatId, when it is a delivery chat id, is sent', async () => {
		const { chatId } = await seedChat(sandbox);
		const deliveryChatId = sandbox.deliveryChatIdOf(chatId);

		const result = await runChert(sandbox, [chertNode('Location', sendLocation())], { inputItems: [{ chatId: deliveryChatId }] });

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).at(-1)?.body).toMatchObject({ chat_id: deliveryChatId });
		expect(sandbox.state.messagesDelivered.at(-1)).toMatchObject({ chatId, to: [ANA], via: 'POST /locations' });
	});

	it('sends to a phone number when the workflow chose it', async () => {
		const result = await runChert(sandbox, [chertNode('Location', sendLocation({ sendTo: 'phone', phone: ANA }))]);

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body).toMatchObject({ phone: ANA });
	});
});
