'use strict';
/** The scripted OpenAI-compatible stand-in that the AI Agent e2e test points n8n's model at. */
const { startChatStandin } = require('./openai-chat');

const KEY = 'sk-standin-test';
const TOOL = {
	type: 'function',
	function: {
		name: 'Wanx',
		description: 'Creates images',
		parameters: {
			type: 'object',
			properties: { prompt: { type: 'string' } },
			required: ['prompt'],
		},
	},
};
const OTHER = {
	type: 'function',
	function: { name: 'calculator', parameters: { type: 'object', properties: {} } },
};

let llm;
beforeAll(async () => (llm = await startChatStandin({ apiKey: KEY })));
afterAll(() => llm.close());

const post = (body, key = KEY) =>
	fetch(`${llm.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify(body),
	});

/** Reassembles an OpenAI SSE stream into { content, toolCalls, finish, done }. */
async function readStream(res) {
	const frames = (await res.text())
		.split('\n\n')
		.filter(Boolean)
		.map((f) => f.replace(/^data: /, ''));
	const out = {
		content: '',
		toolCalls: [],
		finish: null,
		done: frames[frames.length - 1] === '[DONE]',
	};
	for (const f of frames.slice(0, -1)) {
		const chunk = JSON.parse(f);
		for (const c of chunk.choices) {
			if (c.delta.content) out.content += c.delta.content;
			for (const t of c.delta.tool_calls || []) {
				out.toolCalls[t.index] ??= { id: t.id, name: t.function.name, arguments: '' };
				out.toolCalls[t.index].arguments += t.function.arguments || '';
			}
			if (c.finish_reason) out.finish = c.finish_reason;
		}
	}
	return out;
}

const user = { role: 'user', content: 'a red panda reading a map' };

test('first turn: calls the Wanx tool (not the first tool) with the prompt built from the user message', async () => {
	const res = await post({
		model: 'm',
		messages: [{ role: 'system', content: 'be nice' }, user],
		tools: [OTHER, TOOL],
	});
	expect(res.status).toBe(200);
	const body = await res.json();
	expect(body.choices[0].finish_reason).toBe('tool_calls');
	const call = body.choices[0].message.tool_calls[0];
	expect(call.function.name).toBe('Wanx');
	expect(JSON.parse(call.function.arguments)).toEqual({
		prompt: 'An illustration: a red panda reading a map',
	});
	expect(llm.toolCalls.at(-1)).toMatchObject({
		id: call.id,
		name: 'Wanx',
		arguments: { prompt: 'An illustration: a red panda reading a map' },
	});
});

test('second turn: quotes every URL of the tool result as a Markdown image', async () => {
	const urls = [
		'http://127.0.0.1:1/results/a.png?Expires=1&Signature=x',
		'http://127.0.0.1:1/results/b.png?Expires=1',
	];
	const messages = [
		user,
		{
			role: 'assistant',
			content: null,
			tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Wanx', arguments: '{}' } }],
		},
		{ role: 'tool', tool_call_id: 'c1', content: JSON.stringify([{ images: urls }]) },
	];
	const body = await (await post({ model: 'm', messages, tools: [TOOL] })).json();
	expect(body.choices[0].finish_reason).toBe('stop');
	expect(body.choices[0].message.content).toContain(`![image 1](${urls[0]})`);
	expect(body.choices[0].message.content).toContain(`![image 2](${urls[1]})`);
});

test('streams both turns as chat.completion.chunk frames ending in [DONE]', async () => {
	const first = await readStream(
		await post({
			model: 'm',
			stream: true,
			stream_options: { include_usage: true },
			messages: [user],
			tools: [TOOL],
		}),
	);
	expect(first).toMatchObject({ finish: 'tool_calls', done: true });
	expect(JSON.parse(first.toolCalls[0].arguments)).toEqual({
		prompt: 'An illustration: a red panda reading a map',
	});
	const messages = [
		user,
		{
			role: 'tool',
			tool_call_id: first.toolCalls[0].id,
			content: '{"images":["https://x.test/1.png"]}',
		},
	];
	const second = await readStream(
		await post({ model: 'm', stream: true, messages, tools: [TOOL] }),
	);
	expect(second).toMatchObject({ finish: 'stop', done: true });
	expect(second.content).toContain('![image 1](https://x.test/1.png)');
});

test('lists a model, and refuses a wrong key like OpenAI', async () => {
	const models = await (
		await fetch(`${llm.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } })
	).json();
	expect(models.data.map((m) => m.id)).toEqual([llm.model]);
	const res = await post({ model: 'm', messages: [user] }, 'sk-wrong');
	expect(res.status).toBe(401);
	expect((await res.json()).error.code).toBe('invalid_api_key');
});
