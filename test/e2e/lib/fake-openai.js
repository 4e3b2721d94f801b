// @ts-check
'use strict';

/**
 * A scripted OpenAI-compatible chat model for the AI Agent suite: n8n's OpenAI Chat Model node
 * (LangChain's ChatOpenAI) is pointed at it through the OpenAI credential's Base URL.
 *
 * It answers what that node calls:
 * - `POST /v1/chat/completions`, as JSON, or as server-sent events when asked with
 *   `stream: true` (chunks of `chat.completion.chunk`, then `data: [DONE]`);
 * - `POST /v1/responses` (the Responses API, the node's default from version 1.3), as JSON or as
 *   server-sent events;
 * - `GET /v1/models` (the credential test and the model list).
 *
 * In `n8n execute` (2.41.1, 1.123.81, 1.85.4) the agent asks without `stream`; n8n asks with
 * it when the agent streams its answer (e.g. to a Chat Trigger). The event streams were
 * checked against the ChatOpenAI of n8n 2.41.1's LangChain with `streaming: true`, for both
 * APIs: the tool call and the final text come through.
 *
 * The script, the same for both APIs: `toolCalls` lists the arguments of each call the model
 * makes of the tool named `toolName`, one call per turn. A request that offers that tool and
 * carries fewer tool results than `toolCalls` has entries is answered with the next call
 * (call ids `call_chert_<n>`; a tool result counts whatever its call id: the test checks the
 * ids). Once every call has its result, the answer is a final text quoting, for each result
 * in order, the `chatId` and `messageId` found in it (so a test can check that the agent's
 * answer holds the ids Chert returned): `Sent. Chat ID: … Message ID: ….`, or `Not sent: <the
 * result>` for a result without them (an error the tool returned). A request that does not
 * offer the tool gets a text saying so, which makes a test's assertions fail readably.
 *
 * Every request is recorded (`requests`), with the answer given.
 */
const http = require('node:http');

const MODEL = 'gpt-fake-chert';

/**
 * @typedef {{ method: string, path: string, headers: http.IncomingHttpHeaders, body: any,
 *   api?: 'chat' | 'responses', stream?: boolean, answer?: { kind: 'tool_call' | 'text', toolCallId?: string, arguments?: Record<string, unknown>, text?: string } }} RecordedRequest
 */

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Text of a message's content, whether a string or an array of content parts. @param {unknown} content */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? JSON.stringify(part)))).join('');
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

/**
 * The first value of `key` anywhere in a JSON text (parsed, walked depth-first), else by a
 * regular expression over the raw text.
 * @param {string} text @param {string} key
 */
function findId(text, key) {
	/** @param {unknown} value @returns {string | undefined} */
	const walk = (value) => {
		if (typeof value === 'string') {
			try {
				return walk(JSON.parse(value));
			} catch {
				return undefined;
			}
		}
		if (Array.isArray(value)) {
			for (const entry of value) {
				const found = walk(entry);
				if (found) return found;
			}
			return undefined;
		}
		if (value && typeof value === 'object') {
			const record = /** @type {Record<string, unknown>} */ (value);
			if (typeof record[key] === 'string' && record[key]) return /** @type {string} */ (record[key]);
			for (const entry of Object.values(record)) {
				const found = walk(entry);
				if (found) return found;
			}
		}
		return undefined;
	};
	return walk(text) ?? new RegExp(`\\\\?"${key}\\\\?"\\s*:\\s*\\\\?"([^"\\\\]+)`).exec(text)?.[1];
}

/** The final answer for a tool result. @param {string} result */
function finalText(result) {
	const chatId = findId(result, 'chatId');
	const messageId = findId(result, 'messageId');
	if (!chatId || !messageId) return `Not sent: ${result}`;
	return `Sent. Chat ID: ${chatId}. Message ID: ${messageId}.`;
}

/**
 * @param {{ toolName: string, toolCalls: Array<Record<string, unknown>>, model?: string }} script
 */
async function startFakeOpenAi(script) {
	script = { ...script };
	/** @type {RecordedRequest[]} */
	const requests = [];
	let calls = 0;

	/**
	 * What to answer, from the tools offered and the tool results already in the conversation.
	 * @param {Array<{ name: string }>} offered @param {string[]} toolResults
	 * @returns {NonNullable<RecordedRequest['answer']>}
	 */
	function decide(offered, toolResults) {
		if (toolResults.length >= script.toolCalls.length) return { kind: 'text', text: toolResults.map(finalText).join(' ') };
		if (!offered.some((tool) => tool.name === script.toolName)) {
			return { kind: 'text', text: `No tool named ${script.toolName} was offered (offered: ${offered.map((t) => t.name).join(', ') || 'none'}).` };
		}
		return { kind: 'tool_call', toolCallId: `call_chert_${++calls}`, arguments: script.toolCalls[toolResults.length] };
	}

	/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
	function json(res, status, body) {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}

	/** @param {http.ServerResponse} res */
	function startEvents(res) {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		/** @param {unknown} data @param {string} [event] */
		return (data, event) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
	}

	/** `POST /v1/chat/completions`. @param {RecordedRequest} record @param {http.ServerResponse} res */
	function chatCompletions(record, res) {
		const body = record.body ?? {};
		/** @type {any[]} */
		const messages = Array.isArray(body.messages) ? body.messages : [];
		const offered = (Array.isArray(body.tools) ? body.tools : []).map((/** @type {any} */ tool) => ({ name: tool?.function?.name }));
		const results = messages.filter((m) => m?.role === 'tool').map((m) => textOf(m.content));
		const answer = decide(offered, results);
		record.answer = answer;
		const id = `chatcmpl-${requests.length}`;
		const created = Math.floor(Date.now() / 1000);
		const model = body.model ?? script.model ?? MODEL;
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		const toolCall = answer.kind === 'tool_call'
			? { id: answer.toolCallId, type: 'function', function: { name: script.toolName, arguments: JSON.stringify(answer.arguments) } }
			: undefined;
		const finish = toolCall ? 'tool_calls' : 'stop';
		if (!body.stream) {
			const message = toolCall ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: answer.text };
			json(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
			return;
		}
		const send = startEvents(res);
		/** @param {Record<string, unknown>} delta @param {string | null} finishReason */
		const chunk = (delta, finishReason) => send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
		if (toolCall) {
			chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.function.name, arguments: '' } }] }, null);
			chunk({ tool_calls: [{ index: 0, function: { arguments: toolCall.function.arguments } }] }, null);
		} else {
			chunk({ role: 'assistant', content: '' }, null);
			chunk({ content: answer.text }, null);
		}
		chunk({}, finish);
		if (body.stream_options?.include_usage) send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
		send('[DONE]');
		res.end();
	}

	/** `POST /v1/responses` (the Responses API). @param {RecordedRequest} record @param {http.ServerResponse} res */
	function responses(record, res) {
		const body = record.body ?? {};
		/** @type {any[]} */
		const input = Array.isArray(body.input) ? body.input : [];
		const offered = (Array.isArray(body.tools) ? body.tools : []).map((/** @type {any} */ tool) => ({ name: tool?.name ?? tool?.function?.name }));
		const results = input.filter((item) => item?.type === 'function_call_output').map((item) => textOf(item.output));
		const answer = decide(offered, results);
		record.answer = answer;
		const id = `resp_${requests.length}`;
		const model = body.model ?? script.model ?? MODEL;
		const item = answer.kind === 'tool_call'
			? { type: 'function_call', id: `fc_${requests.length}`, call_id: answer.toolCallId, name: script.toolName, arguments: JSON.stringify(answer.arguments), status: 'completed' }
			: { type: 'message', id: `msg_${requests.length}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: answer.text, annotations: [] }] };
		const response = {
			id,
			object: 'response',
			created_at: Math.floor(Date.now() / 1000),
			status: 'completed',
			model,
			output: [item],
			parallel_tool_calls: true,
			tool_choice: body.tool_choice ?? 'auto',
			tools: body.tools ?? [],
			usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
		};
		if (!body.stream) {
			json(res, 200, response);
			return;
		}
		const send = startEvents(res);
		let sequence = 0;
		/** @param {string} type @param {Record<string, unknown>} data */
		const event = (type, data) => send({ type, sequence_number: sequence++, ...data }, type);
		event('response.created', { response: { ...response, status: 'in_progress', output: [] } });
		if (item.type === 'function_call') {
			event('response.output_item.added', { output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
			event('response.function_call_arguments.delta', { output_index: 0, item_id: item.id, delta: item.arguments });
			event('response.function_call_arguments.done', { output_index: 0, item_id: item.id, arguments: item.arguments });
		} else {
			event('response.output_item.added', { output_index: 0, item: { ...item, content: [], status: 'in_progress' } });
			event('response.content_part.added', { output_index: 0, item_id: item.id, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
			event('response.output_text.delta', { output_index: 0, item_id: item.id, content_index: 0, delta: answer.text });
			event('response.output_text.done', { output_index: 0, item_id: item.id, content_index: 0, text: answer.text });
		}
		event('response.output_item.done', { output_index: 0, item });
		event('response.completed', { response });
		res.end();
	}

	const server = http.createServer(async (req, res) => {
		const raw = await readBody(req);
		let body;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			body = raw;
		}
		const path = (req.url ?? '/').split('?')[0];
		/** @type {RecordedRequest} */
		const record = { method: req.method ?? 'GET', path, headers: req.headers, body };
		requests.push(record);
		try {
			if (req.method === 'GET' && path === '/v1/models') {
				const model = script.model ?? MODEL;
				json(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'chert-tests' }] });
			} else if (req.method === 'POST' && path === '/v1/chat/completions') {
				record.api = 'chat';
				record.stream = Boolean(body?.stream);
				chatCompletions(record, res);
			} else if (req.method === 'POST' && path === '/v1/responses') {
				record.api = 'responses';
				record.stream = Boolean(body?.stream);
				responses(record, res);
			} else {
				json(res, 404, { error: { message: `fake OpenAI: no route ${req.method} ${path}`, type: 'invalid_request_error' } });
			}
		} catch (error) {
			json(res, 500, { error: { message: String(error), type: 'server_error' } });
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		/** The credential's Base URL. */
		url: `http://127.0.0.1:${port}/v1`,
		model: script.model ?? MODEL,
		requests,
		/** The model requests (chat completions or responses), in order. */
		completions: () => requests.filter((r) => r.api !== undefined),
		/** Forgets the requests; with `toolCalls`, the calls the model makes from now on. @param {Array<Record<string, unknown>>} [toolCalls] */
		reset(toolCalls) {
			requests.length = 0;
			if (toolCalls) script.toolCalls = toolCalls;
		},
		/** @returns {Promise<void>} */
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startFakeOpenAi, MODEL };
