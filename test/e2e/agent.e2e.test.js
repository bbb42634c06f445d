'use strict';
/**
 * Wanx as an AI Agent's tool, in a real n8n 2.41.1: examples/ai-agent-tool.json end to end.
 *
 * The example's chat model is n8n's OpenAI Chat Model node; its credential's Base URL points at
 * a scripted OpenAI-compatible stand-in on 127.0.0.1 (test/emulator/openai-chat.js), which
 * answers the first turn with a call of the Wanx tool and the second (after the tool result)
 * with a reply that quotes the result's URLs. DashScope is the emulator. Two ways in:
 *   1. `n8n execute`: a copy of the example whose chat trigger is replaced by a Manual Trigger
 *      and a Set node of the same name giving the chat trigger's output ({ sessionId, action,
 *      chatInput }), as `execute` only starts from a manual trigger.
 *   2. The chat trigger's production `/chat` webhook under `n8n start`: the example published
 *      (`n8n publish:workflow`, n8n 2.x's activation) with `public: true` (a non-public chat
 *      trigger answers 404 outside the editor's test chat), POSTed `{ action: 'sendMessage',
 *      sessionId, chatInput }` as the hosted chat does; responseMode lastNode (the example's)
 *      returns the agent's `{ output }`; a second copy with responseMode streaming gets n8n's
 *      line-delimited JSON chunks, and the agent then asks the model to stream (SSE).
 * Each asserts the tool call's `$fromAI` arguments, the emulator's create request and the reply.
 * A third copy makes Wanx a video tool (wan2.7-t2v): the agent gets the video URL back.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator } = require('../emulator');
const { startChatStandin } = require('../emulator/openai-chat');
const { N8N_V2, ensureN8n } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');
const { startN8nServer } = require('../n8n/server');

const MIN = 60 * 1000;
const DASHSCOPE_KEY = 'sk-e2e-agent-0123456789';
const LLM_KEY = 'sk-e2e-standin-0123456789';
const EXAMPLE = JSON.parse(
	fs.readFileSync(path.join(n8n.REPO, 'examples', 'ai-agent-tool.json'), 'utf8'),
);
const TRIGGER = EXAMPLE.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
const WANX = EXAMPLE.nodes.find((n) => n.type === 'n8n-nodes-wanx.wanxTool');
const MODEL = EXAMPLE.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi');
const EXEC_ID = 'wxE2eAgentExecute';
const VIDEO_ID = 'wxE2eAgentVideo';
/** The chat path twice: the example's responseMode (lastNode: one JSON answer), and streaming. */
const CHATS = {
	chat: { id: 'wxE2eAgentChat', webhookId: '0e2e0a9e-2c1b-4d5e-8f70-a1b2c3d4e5f6', options: {} },
	stream: {
		id: 'wxE2eAgentStream',
		webhookId: '0e2e0a9e-2c1b-4d5e-8f70-a1b2c3d4e5f7',
		options: { responseMode: 'streaming' },
	},
};
const MESSAGES = {
	execute: 'draw a lighthouse on a cliff at dawn',
	chat: 'draw a red panda reading a map',
	stream: 'draw a paper boat on a rainy street',
	video: 'film a paper lantern drifting over a lake',
};

/** `n8n execute` needs a manual start: Manual Trigger → a Set node for the chat trigger. */
function forExecute() {
	const wf = structuredClone(EXAMPLE);
	const setNode = {
		id: TRIGGER.id,
		name: TRIGGER.name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: TRIGGER.position,
		parameters: {
			assignments: {
				assignments: [
					{ id: 'a1', name: 'sessionId', value: 'e2e-execute', type: 'string' },
					{ id: 'a2', name: 'action', value: 'sendMessage', type: 'string' },
					{ id: 'a3', name: 'chatInput', value: MESSAGES.execute, type: 'string' },
				],
			},
			options: {},
		},
	};
	const start = {
		id: '0e2e0a9e-0000-4000-8000-000000000001',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [-220, 0],
		parameters: {},
	};
	wf.nodes = [start, setNode, ...wf.nodes.filter((n) => n !== TRIGGER && n.name !== TRIGGER.name)];
	wf.connections.Start = { main: [[{ node: TRIGGER.name, type: 'main', index: 0 }]] };
	return { ...wf, id: EXEC_ID, name: 'e2e: AI Agent example (execute)' };
}

/** The execute copy with Wanx as a video tool: wan2.7-t2v, the video URL back (no download). */
function forVideo() {
	const wf = forExecute();
	const setNode = wf.nodes.find((n) => n.name === TRIGGER.name);
	setNode.parameters.assignments.assignments[2].value = MESSAGES.video;
	const wanx = wf.nodes.find((n) => n.type === WANX.type);
	wanx.typeVersion = 2;
	wanx.parameters = {
		descriptionType: 'manual',
		toolDescription:
			'Makes a short video from a text description with Alibaba Cloud Wan 2.7. Returns the video URL.',
		resource: 'video',
		operation: 'generateAsync',
		model: 'wan2.7-t2v',
		prompt: WANX.parameters.prompt,
		options: { downloadVideo: false },
	};
	return { ...wf, id: VIDEO_ID, name: 'e2e: AI Agent asks for a video (execute)' };
}

/** The example as is, its chat trigger made public so its production /chat URL answers. */
function forChat({ id, webhookId, options }) {
	const wf = structuredClone(EXAMPLE);
	const trigger = wf.nodes.find((n) => n.name === TRIGGER.name);
	trigger.parameters = {
		...trigger.parameters,
		public: true,
		options: { ...trigger.parameters.options, ...options },
	};
	trigger.webhookId = webhookId;
	return { ...wf, id, name: `e2e: AI Agent example (${id})` };
}

/**
 * The chat path: a copy of the prepared folder with the chat workflows published, `n8n start`
 * (test/n8n/server.js), one POST per chat to its production /chat URL as the hosted chat sends it.
 * Resolves to { [key]: { status, text } } and logTail.
 */
async function chatOverWebhooks(folder, chats) {
	const copy = await n8n.cloneUserFolder(folder);
	let server;
	try {
		for (const { id } of Object.values(CHATS)) {
			const published = await n8n.n8nCli(copy, ['publish:workflow', `--id=${id}`]);
			if (published.code !== 0)
				throw new Error(`publish:workflow ${id} failed:\n${published.stdout}\n${published.stderr}`);
		}
		server = await startN8nServer({ install: copy.n8n, userFolder: copy.userFolder });
		const post = async ({ webhookId, chatInput }) => {
			const url = `${server.base}/webhook/${webhookId}/chat`;
			// Readiness can come before the published workflows' webhooks are registered.
			for (let i = 0; ; i++) {
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ action: 'sendMessage', sessionId: `e2e-${webhookId}`, chatInput }),
				});
				if (res.status !== 404 || i === 60) return { status: res.status, text: await res.text() };
				await res.arrayBuffer();
				await new Promise((r) => setTimeout(r, 500));
			}
		};
		const keys = Object.keys(chats);
		const answers = await Promise.all(keys.map((k) => post(chats[k])));
		return {
			...Object.fromEntries(keys.map((k, i) => [k, answers[i]])),
			logTail: server.logTail(),
		};
	} finally {
		if (server) await server.stop();
		n8n.removeFolder(copy);
	}
}

const promptOf = (rec) => {
	const content =
		rec.body && rec.body.input && rec.body.input.messages && rec.body.input.messages[0].content;
	const t = Array.isArray(content) && content.find((c) => typeof c.text === 'string');
	return t ? t.text : undefined;
};

describe(`AI Agent example in n8n ${N8N_V2}`, () => {
	let emu;
	let llm;
	let folder;
	const runs = {};

	beforeAll(async () => {
		await ensureN8n(N8N_V2);
		emu = await startEmulator({
			port: 0,
			apiKey: DASHSCOPE_KEY,
			taskTimings: { pendingMs: 100, runningMs: 300 },
			limits: false,
		});
		llm = await startChatStandin({ apiKey: LLM_KEY });
		const { tarball } = await n8n.packRepo();
		folder = await n8n.prepareUserFolder({
			version: N8N_V2,
			tarball,
			credentials: [
				{
					id: WANX.credentials.dashScopeApi.id,
					name: WANX.credentials.dashScopeApi.name,
					type: 'dashScopeApi',
					data: { apiKey: DASHSCOPE_KEY, region: 'custom', baseUrl: emu.url, workspaceId: '' },
				},
				{
					id: MODEL.credentials.openAiApi.id,
					name: MODEL.credentials.openAiApi.name,
					type: 'openAiApi',
					data: { apiKey: LLM_KEY, url: llm.baseUrl },
				},
			],
			workflows: [forExecute(), forVideo(), ...Object.values(CHATS).map(forChat)],
		});
		// Both ways in run side by side (each on its own copy of the folder); the tests await them.
		runs.execute = n8n.executeWorkflow(folder, EXEC_ID, { timeoutMs: 5 * MIN });
		runs.video = n8n.executeWorkflow(folder, VIDEO_ID, { timeoutMs: 5 * MIN });
		runs.chat = chatOverWebhooks(folder, {
			chat: { webhookId: CHATS.chat.webhookId, chatInput: MESSAGES.chat },
			stream: { webhookId: CHATS.stream.webhookId, chatInput: MESSAGES.stream },
		});
		for (const p of Object.values(runs)) p.catch(() => {}); // reported by the test that awaits it
	}, 20 * MIN);

	afterAll(async () => {
		await Promise.allSettled(Object.values(runs));
		n8n.removeFolder(folder);
		if (llm) await llm.close();
		if (emu) await emu.close();
	});

	/** What the stand-in and the emulator saw of the agent's run for one chat message. */
	function conversation(message) {
		const calls = llm
			.completions()
			.filter((r) => JSON.stringify(r.body.messages).includes(message));
		const toolCall = llm.toolCalls.find(
			(c) => c.arguments.prompt && c.arguments.prompt.endsWith(message),
		);
		// Every create whose prompt mentions the message, whatever the node made of the argument.
		const creates = emu.requests.filter(
			(r) => r.kind === 'create' && (promptOf(r) || '').includes(message),
		);
		const task = creates[0] && emu.tasks.get(creates[0].taskId);
		return { calls, toolCall, creates, task };
	}

	/** Checks shared by all ways in: tool schema, `$fromAI` argument, DashScope call, tool result. */
	function expectToolRound(message) {
		const { calls, toolCall, creates, task } = conversation(message);
		// Turn 1 offers the Wanx tool with the example's description and the $fromAI parameter.
		expect(calls).toHaveLength(2);
		const tool = calls[0].body.tools.find((t) => t.function.name === toolCall.name);
		expect(tool.function.description).toBe(WANX.parameters.toolDescription);
		expect(tool.function.parameters.properties.prompt).toMatchObject({
			type: 'string',
			description: 'A detailed description of the picture to draw, in English',
		});
		expect(tool.function.parameters.required).toEqual(['prompt']);
		// The model's one argument (the $fromAI prompt), and exactly that prompt reached DashScope once.
		expect(Object.keys(toolCall.arguments)).toEqual(['prompt']);
		expect(creates).toHaveLength(1);
		expect(promptOf(creates[0])).toBe(toolCall.arguments.prompt);
		expect(creates[0].body).toMatchObject({
			model: 'wan2.6-image',
			parameters: { enable_interleave: true, max_images: 1, watermark: false },
		});
		const urls = task.output.items.filter((i) => i.type === 'image').map((i) => i.url);
		expect(urls).toHaveLength(1);
		// Turn 2 carries the tool result, with the image URLs as JSON (agents see no binary).
		const toolMessage = calls[1].body.messages.find((m) => m.role === 'tool');
		for (const u of urls) expect(toolMessage.content).toContain(u);
		return { urls, calls };
	}

	test(
		'runs with n8n execute: Wanx called through $fromAI, the reply quotes the image URLs',
		async () => {
			const res = await runs.execute;
			if (!res.ok) throw new Error(n8n.describeResult(res));
			const { urls } = expectToolRound(MESSAGES.execute);
			const [reply] = n8n.nodeJson(res.run, 'AI Agent');
			for (const u of urls) expect(reply.output).toContain(`](${u})`);
			// The tool's own run in the execution: the $fromAI input and the URL list as JSON.
			const [toolRun] = n8n.nodeRuns(res.run, 'Wanx');
			const { toolCall } = conversation(MESSAGES.execute);
			expect(JSON.stringify(toolRun.inputOverride)).toContain(toolCall.arguments.prompt);
			const toolOut = toolRun.data.ai_tool[0][0].json;
			expect(JSON.stringify(toolOut)).toContain(urls[0]);
		},
		5 * MIN,
	);

	test(
		'an agent asks for a video: Wanx Video as its tool, the reply quotes the video URL',
		async () => {
			const res = await runs.video;
			if (!res.ok) throw new Error(n8n.describeResult(res));
			const { calls, toolCall } = conversation(MESSAGES.video);
			expect(calls).toHaveLength(2);
			const tool = calls[0].body.tools.find((t) => t.function.name === toolCall.name);
			expect(tool.function.parameters.required).toEqual(['prompt']);
			const creates = emu.requests.filter(
				(r) =>
					r.method === 'POST' &&
					/video-synthesis/.test(r.path) &&
					r.body.input.prompt === toolCall.arguments.prompt,
			);
			expect(creates).toHaveLength(1);
			expect(creates[0].body.model).toBe('wan2.7-t2v');
			const videoUrl = emu.tasks.get(creates[0].taskId).output.url;
			expect(videoUrl).toMatch(/\.mp4/);
			const toolMessage = calls[1].body.messages.find((m) => m.role === 'tool');
			expect(toolMessage.content).toContain(videoUrl);
			const [reply] = n8n.nodeJson(res.run, 'AI Agent');
			expect(reply.output).toContain(`](${videoUrl})`);
		},
		5 * MIN,
	);

	test(
		"answers on the chat trigger's /chat webhook under n8n start",
		async () => {
			const { chat: res, logTail } = await runs.chat;
			if (res.status !== 200)
				throw new Error(`POST /chat: ${res.status} ${res.text.slice(0, 500)}\n${logTail}`);
			const { urls, calls } = expectToolRound(MESSAGES.chat);
			expect(calls.map((c) => c.stream)).toEqual([false, false]);
			const body = JSON.parse(res.text);
			for (const u of urls) expect(body.output).toContain(`](${u})`);
		},
		6 * MIN,
	);

	test(
		'streams the reply when the chat trigger asks for it (the model streamed too)',
		async () => {
			const { stream: res, logTail } = await runs.chat;
			if (res.status !== 200)
				throw new Error(
					`POST /chat (streaming): ${res.status} ${res.text.slice(0, 500)}\n${logTail}`,
				);
			const { urls, calls } = expectToolRound(MESSAGES.stream);
			expect(calls.map((c) => c.stream)).toEqual([true, true]);
			// n8n's streaming answer: one JSON object per line; the reply is the `item` chunks in order.
			const chunks = res.text
				.split('\n')
				.filter((l) => l.trim())
				.map((l) => JSON.parse(l));
			const reply = chunks
				.filter((c) => c.type === 'item')
				.map((c) => c.content)
				.join('');
			for (const u of urls) expect(reply).toContain(`](${u})`);
		},
		6 * MIN,
	);
});
