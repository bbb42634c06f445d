'use strict';
/**
 * One account, many executions: one real n8n 2.41.1 (`n8n start`, regular mode, SQLite),
 * two webhook workflows of 5 items each triggered at the same moment against the emulator's
 * account limits (5 running tasks, 5 submissions/s). The node's account-wide gates, shared by
 * every execution in the process, must hand the 5 slots out so that both executions complete and
 * DashScope never answers 429.
 */
const { startEmulator } = require('../emulator');
const { N8N_V2 } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');
const { startMain, restClient } = require('../n8n/queue');
const { credentials } = require('./workflows');
const wf = require('./webhook-workflows');

const API_KEY = 'sk-e2e-account-0123456789';
const MIN = 60 * 1000;
const PROMPTS = {
	a: Array.from({ length: 5 }, (_, i) => `account A: item ${i + 1}, a red kite`),
	b: Array.from({ length: 5 }, (_, i) => `account B: item ${i + 1}, a blue kite`),
};
const WORKFLOWS = [
	wf.linear('wxAccountA', 'account: execution A', [
		wf.webhook('account-a'),
		...wf.prompts(PROMPTS.a),
		wf.generateAsync('={{ $json.prompt }}'),
	]),
	wf.linear('wxAccountB', 'account: execution B', [
		wf.webhook('account-b'),
		...wf.prompts(PROMPTS.b),
		wf.generateAsync('={{ $json.prompt }}'),
	]),
];

describe(`one account, two executions at once: n8n ${N8N_V2}, regular mode`, () => {
	let emu;
	let folder;
	let main;

	beforeAll(async () => {
		// 3 s tasks: each execution alone would fill the 5 slots for its 5 items.
		emu = await startEmulator({
			port: 0,
			apiKey: API_KEY,
			taskTimings: { pendingMs: 500, runningMs: 2500 },
		});
		const { tarball } = await n8n.packRepo();
		folder = await n8n.prepareUserFolder({ version: N8N_V2, tarball });
		main = await startMain(folder);
		// Created and published through the REST API, as the editor does.
		await restClient(main).setup(credentials(emu.url, API_KEY), WORKFLOWS);
	}, 30 * MIN);

	afterAll(async () => {
		await main?.stop();
		await emu?.close();
		n8n.removeFolder(folder);
	}, 2 * MIN);

	test(
		'both complete, every item with its own task, and DashScope never answers 429',
		async () => {
			const hook = (p) =>
				fetch(`${main.base}/webhook/${p}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: '{}',
				});
			const answers = await Promise.all(
				['account-a', 'account-b'].map(async (p) => {
					const r = await hook(p);
					return { path: p, status: r.status, text: await r.text() };
				}),
			);
			expect(answers.map((a) => a.status === 200 || a)).toEqual([true, true]);
			const [itemsA, itemsB] = answers.map((a) => JSON.parse(a.text));
			for (const items of [itemsA, itemsB]) {
				expect(items).toHaveLength(5);
				expect(items.map((i) => i.taskStatus)).toEqual(Array(5).fill('SUCCEEDED'));
			}
			const stats = emu.stats();
			expect(stats.tasksCreated).toBe(10);
			expect(new Set([...emu.tasks.values()].map((t) => t.prompt))).toEqual(
				new Set([...PROMPTS.a, ...PROMPTS.b]),
			);
			// No create arrived while the account held its 5 running tasks, and nothing got a 429.
			expect(stats.overRunningLimit).toBe(0);
			expect(stats.throttled).toBe(0);
			// The two executions really ran at the same time in the one process (n8n's own record).
			const api = restClient(main);
			const [execA, execB] = await Promise.all(
				WORKFLOWS.map(
					async (w) =>
						(
							await api.get(
								`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: w.id }))}`,
							)
						).results[0],
				),
			);
			expect([execA.status, execB.status]).toEqual(['success', 'success']);
			const time = (t) => new Date(t).getTime();
			expect(time(execB.startedAt)).toBeLessThan(time(execA.stoppedAt));
			expect(time(execA.startedAt)).toBeLessThan(time(execB.stoppedAt));
		},
		3 * MIN,
	);
});
