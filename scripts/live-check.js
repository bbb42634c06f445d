#!/usr/bin/env node
'use strict';
/**
 * npm run live-check -- --yes [--out DIR] [--poll-ms 5000] [--max-wait-ms 300000]
 *
 * Asks the real DashScope the questions docs/dashscope-notes.md answers from docs or inference,
 * prints each answer beside what the notes and the emulator (test/emulator) say, and writes the
 * answers, key and signed URLs redacted, as fixtures (default test/fixtures/live/<date>/).
 * Exit 0: every answer agrees with the notes; 1: an answer contradicts them; 2: nothing was sent.
 *
 * Reads the variables `npm start` reads: DASHSCOPE_API_KEY (required), DASHSCOPE_REGION
 * (cn-beijing, cn-hongkong, ap-southeast-1, us-east-1, eu-central-1), DASHSCOPE_WORKSPACE_ID, and
 * DASHSCOPE_BASE_URL for a gateway (or a started emulator: the dry run). Never run by npm test.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator } = require('../test/emulator');

// The credential's shared domains (credentials/dashScopeRegions.ts REGION_HOSTS; test/unit/regions.test.ts keeps them equal).
const HOSTS = {
	'cn-beijing': 'https://dashscope.aliyuncs.com',
	'cn-hongkong': 'https://cn-hongkong.dashscope.aliyuncs.com',
	'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com',
	'us-east-1': 'https://dashscope-us.aliyuncs.com',
};
// The cheapest generation the models allow: one image of wan2.6-t2i at its smallest size (§8).
const MODEL = 'wan2.6-t2i';
const SIZE = '1104*1472';
const PROMPT = 'A single red apple on a white table, plain background';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'; // the credential test's request
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;
const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'];

const BILL = `live-check sends 5 kinds of request to DashScope. ONE of them is billed: a task that
generates one image with ${MODEL} (size ${SIZE}, n 1), at your account's price for one image of
that model (see Alibaba Cloud's Model Studio pricing page for your region). The credential test,
the task reads, the cancel and the deliberately invalid request generate nothing and are not billed
(docs/dashscope-notes.md §3.1: only generated images are billed).`;

function parseArgs(argv) {
	const opts = { yes: false, out: undefined, pollMs: 5000, maxWaitMs: 300000 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		const value = () => inline ?? argv[++i];
		if (flag === '--yes') opts.yes = true;
		else if (flag === '--out') opts.out = value();
		else if (flag === '--poll-ms') opts.pollMs = Number(value());
		else if (flag === '--max-wait-ms') opts.maxWaitMs = Number(value());
		else throw new Error(`unknown option ${flag}`);
	}
	return opts;
}

function target(env) {
	const apiKey = (env.DASHSCOPE_API_KEY || '').trim();
	if (!apiKey) throw new Error('DASHSCOPE_API_KEY is not set');
	const region = (env.DASHSCOPE_REGION || 'cn-beijing').trim();
	const workspaceId = (env.DASHSCOPE_WORKSPACE_ID || '').trim();
	let base = (env.DASHSCOPE_BASE_URL || '').trim();
	if (!base && region === 'eu-central-1') {
		if (!workspaceId) throw new Error('DASHSCOPE_REGION=eu-central-1 needs DASHSCOPE_WORKSPACE_ID');
		base = `https://${workspaceId}.eu-central-1.maas.aliyuncs.com`;
	}
	base ||= HOSTS[region];
	if (!base) throw new Error(`DASHSCOPE_REGION must be one of ${Object.keys(HOSTS)}, eu-central-1`);
	return { apiKey, region, workspaceId, base: base.replace(/\/+$/, '').replace(/\/api\/v1$/, '') };
}

/**
 * One HTTP exchange, kept without the Authorization header. A 429 is the account's rate limit
 * (wan2.6-t2i takes 1 submission per second in Beijing, §6.1), not an answer: it is waited out.
 */
async function call(t, method, apiPath, body, extraHeaders = {}) {
	for (let attempt = 1; ; attempt++) {
		const exchange = await callOnce(t, method, apiPath, body, extraHeaders);
		if (exchange.response.status !== 429 || attempt === 5) return exchange;
		await new Promise((r) => setTimeout(r, 1100 * attempt));
	}
}

async function callOnce(t, method, apiPath, body, extraHeaders) {
	const headers = { 'content-type': 'application/json', ...extraHeaders };
	if (t.workspaceId) headers['x-dashscope-workspace'] = t.workspaceId;
	const res = await fetch(`${t.base}/api/v1${apiPath}`, {
		method,
		headers: { ...headers, authorization: `Bearer ${t.apiKey}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = text;
	}
	return {
		request: { method, path: `/api/v1${apiPath}`, headers, body },
		response: {
			status: res.status,
			contentType: res.headers.get('content-type'),
			requestId: res.headers.get('x-request-id'),
			body: parsed,
		},
	};
}

const content = (messages) => ({ messages: [{ role: 'user', content: [{ text: messages }] }] });

/** The five steps, run against one target; `wait` polls the created task to its end. */
async function runSteps(t, opts) {
	const steps = {};
	steps.credentialTest = await call(t, 'GET', `/tasks/${UNKNOWN_ID}`);
	steps.create = await call(
		t,
		'POST',
		'/services/aigc/image-generation/generation',
		{
			model: MODEL,
			input: content(PROMPT),
			parameters: { n: 1, size: SIZE, prompt_extend: false, watermark: false },
		},
		{ 'x-dashscope-async': 'enable' },
	);
	const taskId = steps.create.response.body?.output?.task_id;
	if (typeof taskId === 'string') {
		const started = Date.now();
		let first;
		let last;
		do {
			if (last) await new Promise((r) => setTimeout(r, opts.pollMs));
			last = await call(t, 'GET', `/tasks/${taskId}`);
			first ??= last;
		} while (
			!FINAL.includes(last.response.body?.output?.task_status) &&
			last.response.status === 200 &&
			Date.now() - started < opts.maxWaitMs
		);
		steps.taskFirstRead = first;
		steps.taskGet = last;
		steps.cancelFinished = await call(t, 'POST', `/tasks/${taskId}/cancel`);
	}
	// Deliberately invalid, sync (so no task can be queued): n is 1–4 for this model (§8).
	steps.invalidRequest = await call(t, 'POST', '/services/aigc/multimodal-generation/generation', {
		model: MODEL,
		input: content(PROMPT),
		parameters: { n: 9, size: SIZE },
	});
	return steps;
}

const out = (s) => s?.response?.body?.output ?? {};
const code = (s) => s?.response?.body?.code;

/** What docs/dashscope-notes.md says each answer is; each check returns what contradicts it. */
const NOTES = {
	credentialTest: {
		says: '200, output.task_status UNKNOWN (§3.3)',
		check: (s) => [
			s.response.status !== 200 && `HTTP ${s.response.status} ${code(s) ?? ''}`,
			out(s).task_status !== 'UNKNOWN' && `task_status ${out(s).task_status}`,
		],
	},
	create: {
		says: '200, output {task_id, task_status PENDING}, request_id (§3.2)',
		check: (s) => [
			s.response.status !== 200 && `HTTP ${s.response.status} ${code(s) ?? ''}`,
			typeof out(s).task_id !== 'string' && 'no output.task_id',
			out(s).task_status !== 'PENDING' && `task_status ${out(s).task_status}`,
			!s.response.body?.request_id && 'no request_id',
		],
	},
	taskFirstRead: {
		// How far the task got by the first read depends on timing: only the status is compared.
		compare: (s) => String(s.response.status),
		says: '200, PENDING/RUNNING/SUCCEEDED, submit_time YYYY-MM-DD HH:mm:ss.SSS (§3.3)',
		check: (s) => [
			s.response.status !== 200 && `HTTP ${s.response.status}`,
			!['PENDING', 'RUNNING', 'SUCCEEDED'].includes(out(s).task_status) &&
				`task_status ${out(s).task_status}`,
			!TIME.test(out(s).submit_time ?? '') && `submit_time ${out(s).submit_time}`,
		],
	},
	taskGet: {
		says: '200, SUCCEEDED, choices[].message.content[].image, times UTC+8, usage.image_count 1 (§3.1, §3.3)',
		check: (s) => {
			const images = (out(s).choices ?? []).flatMap((c) =>
				(c?.message?.content ?? []).filter((i) => typeof i?.image === 'string'),
			);
			return [
				s.response.status !== 200 && `HTTP ${s.response.status}`,
				out(s).task_status !== 'SUCCEEDED' &&
					`task_status ${out(s).task_status} ${out(s).code ?? ''} ${out(s).message ?? ''}`,
				images.length !== 1 && `${images.length} images in choices`,
				...['submit_time', 'scheduled_time', 'end_time'].map(
					(k) => !TIME.test(out(s)[k] ?? '') && `${k} ${out(s)[k]}`,
				),
				s.response.body?.usage?.image_count !== 1 &&
					`usage.image_count ${s.response.body?.usage?.image_count}`,
			];
		},
	},
	cancelFinished: {
		says: '400 UnsupportedOperation (§6.2)',
		check: (s) => [
			(s.response.status !== 400 || code(s) !== 'UnsupportedOperation') &&
				`HTTP ${s.response.status} ${code(s) ?? JSON.stringify(s.response.body)}`,
		],
	},
	invalidRequest: {
		says: '400 InvalidParameter, {code, message, request_id} (§5.1, §5.2)',
		check: (s) => [
			(s.response.status !== 400 || code(s) !== 'InvalidParameter') &&
				`HTTP ${s.response.status} ${code(s) ?? ''}`,
			!s.response.body?.request_id && 'no request_id',
		],
	},
};

const brief = (s) =>
	s
		? `${s.response.status} ${code(s) ?? out(s).task_status ?? ''}`.trim()
		: 'not asked (no task was created)';

/** Key and signed-URL parts out of everything written. */
function redact(value, apiKey) {
	const text = JSON.stringify(value, null, '\t')
		.split(apiKey)
		.join('sk-REDACTED')
		.replace(
			/([?&](?:Signature|OSSAccessKeyId|security-token|x-oss-[\w-]+)=)[^&"\\]*/gi,
			'$1REDACTED',
		);
	return `${text}\n`;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const t = target(process.env);
	console.log(
		`Target: ${t.base} (region ${t.region}${t.workspaceId ? `, workspace ${t.workspaceId}` : ''})\n`,
	);
	console.log(BILL);
	if (!opts.yes) {
		console.log(
			'\nNothing was sent. Run again with --yes to go ahead: npm run live-check -- --yes',
		);
		return 2;
	}
	const date = new Date().toISOString().slice(0, 10);
	const dir = path.resolve(
		opts.out ?? path.join(__dirname, '..', 'test', 'fixtures', 'live', date),
	);
	console.log(`\nAsking ${t.base} … (answers go to ${dir})`);
	const service = await runSteps(t, opts);

	// The emulator's answers to the same questions, from a private instance.
	const emu = await startEmulator({
		taskTimings: { pendingMs: 50, runningMs: 100, syncMs: 0 },
		limits: false,
	});
	let emulated;
	try {
		emulated = await runSteps(
			{ apiKey: emu.config.apiKey, region: 'emulator', workspaceId: '', base: emu.url },
			{ pollMs: 50, maxWaitMs: 10000 },
		);
	} finally {
		await emu.close();
	}

	fs.mkdirSync(dir, { recursive: true });
	let contradictions = 0;
	const index = [];
	Object.entries(NOTES).forEach(([step, notes], n) => {
		const s = service[step];
		const problems = s ? notes.check(s).filter(Boolean) : ['not asked: no task was created'];
		const e = emulated[step];
		const shown = notes.compare ?? brief;
		const emulatorAgrees = !!s && !!e && shown(s) === shown(e);
		if (problems.length) contradictions++;
		console.log(`\n${n + 1}. ${step}`);
		console.log(`   service : ${brief(s)}`);
		console.log(`   notes   : ${notes.says}`);
		console.log(
			`   emulator: ${brief(e)}${emulatorAgrees ? '' : '   <- differs from the service'}`,
		);
		console.log(
			`   verdict : ${problems.length ? `CONTRADICTS THE NOTES: ${problems.join('; ')}` : 'agrees'}`,
		);
		if (!s) return;
		const file = `${String(n + 1).padStart(2, '0')}-${step}.json`;
		fs.writeFileSync(path.join(dir, file), redact(s, t.apiKey));
		index.push({ file, step, notes: notes.says, emulator: brief(e), contradictions: problems });
	});
	fs.writeFileSync(
		path.join(dir, 'index.json'),
		redact(
			{
				recordedOn: date,
				source: `npm run live-check against ${t.base} (region ${t.region})`,
				fixtures: index,
			},
			t.apiKey,
		),
	);
	console.log(
		`\n${contradictions ? `${contradictions} answer(s) contradict docs/dashscope-notes.md: fix the notes, the node and the emulator together.` : 'Every answer agrees with docs/dashscope-notes.md.'} Fixtures: ${dir}`,
	);
	return contradictions ? 1 : 0;
}

module.exports = { HOSTS };

if (require.main === module)
	main().then(
		(exitCode) => {
			process.exitCode = exitCode;
		},
		(error) => {
			console.error(`live-check: ${error.message}`);
			process.exitCode = 2;
		},
	);
