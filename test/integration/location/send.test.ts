import { ANA, AUTOMATIC_KEY, apiRequests, chertNode, requestsFromNow, runChert, seedChat, type Sandbox, useSandbox } from '../chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

const CITY_HALL = { latitude: 37.779265, longitude: -122.419277 };
const sendLocation = (parameters: Record<string, unknown> = {}) => ({ resource: 'location', operation: 'send', ...CITY_HALL, ...parameters });

describe('Location → Send, run by n8n against the sandbox', () => {
	it('sends to the chat of the incoming item: the exact request, and messageId + chatId on the output', async () => {
		const { chatId } = await seedChat(sandbox);
		const requests = requestsFromNow(sandbox);
		const options = { label: 'City Hall', address: '1 Dr Carlton B Goodlett Pl, San Francisco' };

		const result = await runChert(sandbox, [chertNode('Location', sendLocation({ options }))], { inputItems: [{ chatId }] });

		expect(result.error).toBeUndefined();
		const [request] = requests();
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/locations', status: 202 });
		expect(request.body).toEqual({ chat_id: chatId, ...CITY_HALL, ...options, idempotency_key: AUTOMATIC_KEY });
		const [output] = result.output('Location');
		const delivery = sandbox.state.messagesDelivered.at(-1);
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toEqual({
			chatId,
			messageId: delivery?.messageId,
			message_id: delivery?.messageId,
			status: 'queued',
			chat_id: chatId,
			...CITY_HALL,
			...options,
			idempotencyKey: request.body.idempotency_key,
		});
		expect(delivery).toMatchObject({ chatId, to: [ANA], location: { ...CITY_HALL, ...options } });
	});

	it('sends to a phone number with the key given, and no chat_id', async () => {
		const result = await runChert(sandbox, [
			chertNode('Location', sendLocation({ sendTo: 'phone', phone: ANA, options: { idempotencyKey: 'pin-1' } })),
		]);

		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body).toEqual({ phone: ANA, ...CITY_HALL, idempotency_key: 'pin-1' });
		const delivery = sandbox.state.messagesDelivered[0];
		expect(result.json('Location')[0]).toMatchObject({ chatId: delivery.chatId, messageId: delivery.messageId, idempotencyKey: 'pin-1' });
		expect(sandbox.deliveredTo(ANA)).toBe(1);
	});

	it.each([
		['a latitude beyond 90°', { chatId: 'c-1', latitude: 91 }, /^Item 1: "Latitude" must be a number of degrees between -90 and 90/],
		['a longitude beyond 180°', { chatId: 'c-1', longitude: '={{ -180.5 }}' }, /^Item 1: "Longitude" must be a number of degrees between -180 and 180/],
		['a phone number not in E.164', { sendTo: 'phone', phone: '0044 20 7946 0000' }, /^Item 1: "Phone Number" must be a phone number in E\.164/],
		['an incoming item without a chatId', {}, /^Item 1: "Chat ID" is required/],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [chertNode('Location', sendLocation(parameters))]);

		expect(result.nodes.Location.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it("reports Chert's refusal of an unknown chat with its code and the hint", async () => {
		const result = await runChert(sandbox, [chertNode('Location', sendLocation({ chatId: 'no-such-chat' }))]);

		expect(result.nodes.Location.error).toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining('(Chert error 2002)'),
			description: expect.stringContaining('not the chat UUID from Create Chat'),
			httpCode: '404',
		});
		expect(sandbox.state.messagesDelivered).toHaveLength(0);
	});
});
