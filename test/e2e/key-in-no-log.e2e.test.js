'use strict';
/**
 * The API key in no log: a real n8n runs with debug logging (to its console and to a log file)
 * through a wrong key (DashScope answers 401), a storm of 429s on create and on the status checks,
 * and a task that FAILS; then n8n's output, its log file, its database files (the execution data
 * is saved there) and the error items are searched for either key, its Base64 form and any
 * Authorization / Bearer value. DashScope is the emulator on 127.0.0.1.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator } = require('../emulator');
const { N8N_V2, ensureN8n } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');

const KEY = 'sk-e2e-keylog-5b1e0c7d9a2f4e68';
const WRONG_KEY = 'sk-e2e-wrong-3c9d7a1b5e2f8046';
const GOOD = { id: 'wxKeyLogGood0001', name: 'DashScope (key-log, good key)' };
const WRONG = { id: 'wxKeyLogWrong001', name: 'DashScope (key-log, wrong key)' };
const WORKFLOW = 'wxE2eKeyInNoLog';
const PROMPTS = {
	wrongKey: 'e2e key-log: a wrong key',
	storm: 'e2e key-log: a storm of 429s',
	failed: 'e2e key-log: a task the content filter fails',
};
const MIN = 60 * 1000;
jest.setTimeout(15 * MIN);

const wanx = (name, x, prompt, cred) => ({
	id: `00000000-0000-4000-8000-00000000070${x}`,
	name,
	type: 'n8n-nodes-wanx.wanx',
	typeVersion: 1,
	position: [220 * x, 0],
	onError: 'continueRegularOutput',
	parameters: {
		resource: 'image',
		model: 'wan2.6-image',
		operation: 'generateAsync',
		mode: 'edit',
		prompt,
		referenceImages: { images: [{ source: 'url', url: 'https://example.com/e2e/key.png' }] },
		n: 1,
		options: { downloadImages: false, pollInterval: 0.2 },
	},
	credentials: { dashScopeApi: cred },
});

const workflow = () => {
	const nodes = [
		{
			id: '00000000-0000-4000-8000-000000000700',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		wanx('Wrong Key', 1, PROMPTS.wrongKey, WRONG),
		wanx('Storm', 2, PROMPTS.storm, GOOD),
		wanx('Failed Task', 3, PROMPTS.failed, GOOD),
	];
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id: WORKFLOW, name: 'e2e: key in no log', active: false, nodes, connections };
};

/** Every place a secret could leak to, as one string per source. */
function sources(res, logFile) {
	const out = { 'n8n console output': `${res.stdout}\n${res.stderr}` };
	out['log file'] = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'latin1') : '';
	const dir = path.join(res.userFolder, '.n8n');
	for (const f of fs.readdirSync(dir)) {
		const file = path.join(dir, f);
		if (fs.statSync(file).isFile()) out[`.n8n/${f}`] = fs.readFileSync(file, 'latin1');
	}
	for (const name of ['Wrong Key', 'Storm', 'Failed Task'])
		out[`output items of ${name}`] = JSON.stringify(n8n.nodeItems(res.run, name));
	return out;
}

const SECRETS = [KEY, WRONG_KEY].flatMap((k) => [
	k,
	k.slice(3),
	Buffer.from(k).toString('base64'),
	Buffer.from(`Bearer ${k}`).toString('base64'),
]);

function leaksIn(places) {
	const leaks = [];
	for (const [name, text] of Object.entries(places)) {
		for (const secret of SECRETS) if (text.includes(secret)) leaks.push(`${name}: ${secret}`);
		const bearer = /bearer\s+[\w-]{6,}/i.exec(text);
		if (bearer) leaks.push(`${name}: ${bearer[0]}`);
		const header = /"?authorization"?\s*[:=]\s*"?[^",}\s]{4,}/i.exec(text);
		if (header) leaks.push(`${name}: ${header[0]}`);
	}
	return leaks;
}

describe(`n8n ${N8N_V2} with debug logging`, () => {
	let emu;
	let res;
	let logFile;

	beforeAll(async () => {
		await ensureN8n(N8N_V2);
		emu = await startEmulator({
			apiKey: KEY,
			taskTimings: { pendingMs: 100, runningMs: 300 },
			limits: false,
		});
		const storm = { prompt: PROMPTS.storm };
		emu.fault({ on: 'create', kind: 'status', status: 429, times: 3, match: storm });
		emu.fault({ on: 'poll', kind: 'status', status: 429, times: 3, match: storm });
		emu.fault({
			on: 'create',
			kind: 'fail',
			code: 'DataInspectionFailed',
			match: { prompt: PROMPTS.failed },
		});
		const { tarball } = await n8n.packRepo();
		const data = (apiKey) => ({ apiKey, region: 'custom', baseUrl: emu.url, workspaceId: '' });
		const folder = await n8n.prepareUserFolder({
			version: N8N_V2,
			tarball,
			credentials: [
				{ ...GOOD, type: 'dashScopeApi', data: data(KEY) },
				{ ...WRONG, type: 'dashScopeApi', data: data(WRONG_KEY) },
			],
			workflows: [workflow()],
		});
		logFile = path.join(folder.userFolder, 'n8n-debug.log');
		res = await n8n.executeWorkflow(folder, WORKFLOW, {
			clone: false,
			env: {
				N8N_LOG_LEVEL: 'debug',
				N8N_LOG_OUTPUT: 'console,file',
				N8N_LOG_FILE_LOCATION: logFile,
			},
		});
	});

	afterAll(async () => {
		if (res) n8n.removeFolder({ userFolder: res.userFolder });
		await emu?.close();
	});

	test('the run went through the three failures', () => {
		expect(res.run).toBeDefined();
		const [wrong] = n8n.nodeJson(res.run, 'Wrong Key');
		expect(String(wrong.error)).toMatch(/401|InvalidApiKey|Authorization failed/);
		const [storm] = n8n.nodeJson(res.run, 'Storm');
		expect(storm.taskStatus).toBe('SUCCEEDED');
		const throttled = emu.requests.filter((r) => r.status === 429);
		expect(throttled.length).toBe(6);
		const [failed] = n8n.nodeJson(res.run, 'Failed Task');
		expect(String(failed.error)).toContain('DataInspectionFailed');
		expect(emu.requests.some((r) => r.auth.present && !r.auth.valid)).toBe(true);
	});

	test('the places searched hold what they should: debug lines, the saved execution', () => {
		const all = sources(res, logFile);
		expect(all['log file']).toMatch(/"level":"debug"|debug/);
		expect(all['log file'].length).toBeGreaterThan(1000);
		// The execution data is in the database files as plain text, so a key there would be found.
		const db = Object.entries(all)
			.filter(([name]) => name.startsWith('.n8n/database.sqlite'))
			.map(([, text]) => text)
			.join('\n');
		expect(db).toContain('DataInspectionFailed');
		expect(db).toContain(PROMPTS.storm);
	});

	test('the search finds what it looks for when it is there', () => {
		expect(
			leaksIn({ planted: `{"headers":{"Authorization":"Bearer ${WRONG_KEY}"}}` }),
		).toHaveLength(4);
		expect(leaksIn({ planted: Buffer.from(KEY).toString('base64') })).toHaveLength(1);
	});

	test('neither key, nor its Base64, nor an Authorization or Bearer value anywhere', () => {
		expect(leaksIn(sources(res, logFile))).toEqual([]);
	});
});
