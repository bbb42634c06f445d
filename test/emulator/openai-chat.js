'use strict';
/**
 * A scripted OpenAI-compatible chat model on 127.0.0.1, for running the AI Agent example without an
 * LLM: n8n's OpenAI Chat Model node points at it through its credential's Base URL.
 *
 *   const { startChatStandin } = require('./test/emulator/openai-chat');
 *   const llm = await startChatStandin({ apiKey: 'sk-standin' });   // llm.baseUrl = <url>/v1
 *   // … the agent runs …
 *   llm.requests   // every call: { method, path, body, stream }
 *   llm.toolCalls  // every tool call it made: { name, arguments }
 *   await llm.close();
 *
 * The script, per chat completion:
 *   - no tool result after the last user message → call the tool named like `toolName` (default:
 *     the first tool whose name contains "wanx", else the first tool) with arguments built from
 *     its JSON schema: `prompt` (or any string property) = `promptPrefix` + the user's message;
 *   - a tool result present → a final answer quoting each URL of that result as a Markdown image.
 * `stream: true` is answered with `chat.completion.chunk` SSE frames and `data: [DONE]`, as OpenAI
 * does. Also `GET /v1/models` (the node's model list, the credential test). Wrong key → 401.
 *
 *   node test/emulator/openai-chat.js [--port 18788] [--api-key KEY]   (runs until SIGINT/SIGTERM)
 */
const http = require('node:http');

const MODEL = 'wanx-standin';
const URL_RE = /https?:\/\/[^\s"'\\)\]<>]+/g;

const textOf = (content) =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content.map((c) => c.text || '').join('')
			: '';

/** Arguments for the tool: every string property of its schema gets the drawing request. */
function argumentsFor(tool, userText, promptPrefix) {
	const params = (tool.function && tool.function.parameters) || {};
	const props = params.properties || {};
	const args = {};
	for (const [name, schema] of Object.entries(props)) {
		if (schema.type === 'string' || name === 'prompt') args[name] = `${promptPrefix}${userText}`;
		else if (schema.type === 'number' || schema.type === 'integer') args[name] = 1;
		else if (schema.type === 'boolean') args[name] = false;
	}
	if (!Object.keys(props).length) args.input = `${promptPrefix}${userText}`; // a schema-less tool
	return args;
}

/** The assistant message for this turn, following the script above. */
function reply(body, opts, state) {
	const messages = body.messages || [];
	const lastUser = messages.map((m) => m.role).lastIndexOf('user');
	const toolResults = messages.slice(lastUser + 1).filter((m) => m.role === 'tool');
	if (toolResults.length) {
		const urls = [...new Set(toolResults.flatMap((m) => textOf(m.content).match(URL_RE) || []))];
		const images = urls.map((u, i) => `![image ${i + 1}](${u})`).join('\n');
		return {
			role: 'assistant',
			content: urls.length
				? `Here is your picture:\n${images}\nEnjoy!`
				: 'The tool returned no image.',
		};
	}
	const tools = body.tools || [];
	const tool = tools.find((t) => opts.toolName.test(t.function.name)) || tools[0];
	const userText = lastUser >= 0 ? textOf(messages[lastUser].content) : '';
	if (!tool) return { role: 'assistant', content: `No tool to call for: ${userText}` };
	const args = argumentsFor(tool, userText, opts.promptPrefix);
	const id = `call_standin_${++state.calls}`;
	state.toolCalls.push({ id, name: tool.function.name, arguments: args });
	const call = {
		id,
		type: 'function',
		function: { name: tool.function.name, arguments: JSON.stringify(args) },
	};
	return { role: 'assistant', content: null, tool_calls: [call] };
}

const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function sendJson(res, status, obj) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(obj));
}

/** OpenAI's streaming shape: role, content or tool-call deltas, finish_reason, usage, [DONE]. */
function sendStream(res, base, message, includeUsage) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const frame = (delta, finish = null, extra = {}) =>
		res.write(
			`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
		);
	frame({ role: 'assistant', content: '' });
	if (message.tool_calls) {
		message.tool_calls.forEach((c, index) => {
			frame({
				tool_calls: [
					{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } },
				],
			});
			const a = c.function.arguments;
			for (let i = 0; i < a.length; i += 16)
				frame({ tool_calls: [{ index, function: { arguments: a.slice(i, i + 16) } }] });
		});
	} else {
		for (const word of message.content.split(/(?<= )/)) frame({ content: word });
	}
	frame({}, message.tool_calls ? 'tool_calls' : 'stop');
	if (includeUsage)
		res.write(
			`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
		);
	res.end('data: [DONE]\n\n');
}

async function startChatStandin(options = {}) {
	const opts = {
		host: '127.0.0.1',
		port: 0,
		apiKey: undefined,
		toolName: /wanx/i,
		promptPrefix: 'An illustration: ',
		...options,
	};
	const state = { calls: 0, completions: 0, toolCalls: [], requests: [] };
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			let body = {};
			try {
				body = raw ? JSON.parse(raw) : {};
			} catch {
				return sendJson(res, 400, {
					error: { message: 'invalid JSON body', type: 'invalid_request_error' },
				});
			}
			const path = req.url.split('?')[0].replace(/^\/v1(?=\/)/, '');
			state.requests.push({ method: req.method, path, body, stream: body.stream === true });
			if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
				return sendJson(res, 401, {
					error: {
						message: 'Incorrect API key provided.',
						type: 'invalid_request_error',
						code: 'invalid_api_key',
					},
				});
			}
			if (req.method === 'GET' && path === '/models') {
				return sendJson(res, 200, {
					object: 'list',
					data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'n8n-nodes-wanx' }],
				});
			}
			if (req.method === 'POST' && path === '/chat/completions') {
				const message = reply(body, opts, state);
				const base = {
					id: `chatcmpl-standin-${++state.completions}`,
					created: Math.floor(Date.now() / 1000),
					model: body.model || MODEL,
				};
				if (body.stream)
					return sendStream(
						res,
						base,
						message,
						body.stream_options && body.stream_options.include_usage,
					);
				const finish = message.tool_calls ? 'tool_calls' : 'stop';
				return sendJson(res, 200, {
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage,
				});
			}
			sendJson(res, 404, {
				error: {
					message: `Unknown request URL: ${req.method} ${req.url}`,
					type: 'invalid_request_error',
				},
			});
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, resolve);
	});
	const url = `http://${opts.host}:${server.address().port}`;
	return {
		url,
		baseUrl: `${url}/v1`,
		model: MODEL,
		requests: state.requests,
		toolCalls: state.toolCalls,
		/** The chat completions calls only. */
		completions: () => state.requests.filter((r) => r.path === '/chat/completions'),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startChatStandin, argumentsFor, MODEL };

if (require.main === module) {
	const arg = (name) => {
		const i = process.argv.indexOf(`--${name}`);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	startChatStandin({ port: Number(arg('port') || 18788), apiKey: arg('api-key') }).then((llm) => {
		process.stdout.write(`OpenAI-compatible stand-in listening on ${llm.baseUrl}\n`);
		const stop = () => llm.close().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
