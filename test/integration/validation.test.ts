import { ANA, BEN, chertNode, createChatParams, runChert, sendMessageParams, type Sandbox, useSandbox } from './chert-workflow';

const sandboxOf = useSandbox();
let sandbox: Sandbox;
beforeEach(() => (sandbox = sandboxOf()));

describe('bad input fails before anything is sent', () => {
	it.each([
		['a From number not in E.164', createChatParams({ from: '5550000001' }), /^Item 1: "From Name or ID" must be a phone number in E\.164/],
		['no parts', createChatParams({ parts: {} }), /^Item 1: "Parts" needs at least one part/],
		['two text parts in a row', createChatParams({ parts: { part: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } }), /^Item 1: "Parts › Part 2 \(Text\) › Type" follows another text part/],
		['a URL in first-message text', createChatParams({ parts: { part: [{ type: 'text', text: 'see https://x.io' }] } }), /^Item 1: "Parts › Part 1 \(Text\) › Text" contains a URL.*Rich Link/],
		['media in a group first message', createChatParams({ to: `${ANA} ${BEN}`, parts: { part: [{ type: 'text', text: 'hi' }, { type: 'media', attachmentId: 'att_1' }] } }), /^Item 1: "Parts › Part 2 \(Media\) › Type" is Media, but the first message of a group chat can only contain text/],
		['a rich link whose URL expression is empty', createChatParams({ parts: { part: [{ type: 'rich_link', url: '={{ $json.link }}' }] } }), /^Item 1: "Parts › Part 1 \(Rich Link\) › URL" is required/],
		['an incoming item without a chatId', sendMessageParams(), /^Item 1: "Chat ID" is required/],
	])('%s', async (_case, parameters, message) => {
		const result = await runChert(sandbox, [chertNode('Chert', parameters)]);
		expect(result.status).toBe('error');
		expect(result.nodes.Chert.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(message) });
		expect(sandbox.state.requests).toHaveLength(0);
	});

	it('refuses the whole batch before sending when a later item is bad (no Continue On Fail)', async () => {
		const node = chertNode('Chert', createChatParams({ to: '={{ $json.to }}' }));
		const result = await runChert(sandbox, [node], { inputItems: [{ to: ANA }, { to: BEN }, { to: '+1' }] });
		expect(result.nodes.Chert.error).toMatchObject({ message: expect.stringMatching(/^Item 3: "To"/) });
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
