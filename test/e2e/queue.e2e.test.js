'use strict';
/**
 * Queue mode, the distributed engine n8n users scale out on: a real n8n 2.41.1 main
 * (`n8n start`, EXECUTIONS_MODE=queue) + one `n8n worker`, Redis for the job queue and PostgreSQL
 * for the shared database, all started here on free 127.0.0.1 ports with their data in temp
 * folders (test/n8n/services.js); DashScope is the emulator with the account limits on (5 running
 * tasks, 5 submissions/s, 20 queries/s). Runs enter through the main (production webhooks, the
 * REST API) and execute on the worker.
 *
 * What n8n 2.41.1 accepts (read from its dist/commands/base-command.js and checked here):
 * - SQLite is NOT refused in queue mode; n8n only logs "Scaling mode is not officially supported
 *   with sqlite. Please use PostgreSQL instead." Main and worker are separate processes writing one
 *   database, which n8n supports with PostgreSQL only, so this test uses Debian's PostgreSQL
 *   (initdb into a temp folder, run as the `postgres` user when we are root: it refuses root).
 * - Redis: `redis-server --save '' --appendonly no` (nothing persisted); QUEUE_BULL_REDIS_HOST/PORT.
 * - The credential and the workflows are created and published through the main's REST API, as
 *   the editor does; the main registers the production webhooks and queues each run for the worker.
 * - The worker runs with --concurrency=1: one job at a time, so an execution that starts on it
 *   while another is in its Wait node proves the waiting one does not hold the worker.
 * - The worker's own log says which executions it ran ("Worker started/finished execution <id>
 *   (job <n>)", n8n's JobProcessor); the main never runs them itself in queue mode.
 *
 * - A production webhook can answer 404 for a moment after its workflow is activated; the setup
 *   waits for each to be registered (test/n8n/queue.js).
 * - A Stop on the main reaches the worker through Redis; the worker's job ends with
 *   ManualExecutionCancelledError (logged by the main), and the node cancels its still-queued task
 *   (the account-wide gates' cancel-on-stop).
 *
 * - Two workers on one key (the last describe): a second `n8n worker`, its own copy of the user
 *   folder, as on another machine. Each worker process has its own account gates and cannot see
 *   the other's tasks, so DashScope's 429 is what keeps the two within the account's 5 running
 *   tasks; the node must retry those refusals without losing or doubling an item.
 *
 * Timings are checked through those logs and the emulator's request log, never as durations.
 */
const { startEmulator } = require('../emulator');
const { N8N_V2 } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');
const { startRedis, startPostgres, postgresEnv } = require('../n8n/services');
const { startMain, startWorker, logLines, workerJobs, restClient } = require('../n8n/queue');
const { credentials } = require('./workflows');
const wf = require('./webhook-workflows');

const API_KEY = 'sk-e2e-queue-0123456789';
const MIN = 60 * 1000;
/** The Wait node parks an execution in the database only from 65 s on (shorter waits sleep in the worker). */
const WAIT_SECONDS = 66;

const PROMPTS = {
	long: 'queue: a lighthouse in a 20 second storm',
	stop: 'queue: a task that is stopped while it is pending',
	submit: 'queue: a postcard submitted before the Wait node',
	many: Array.from({ length: 20 }, (_, i) => `queue: item ${i + 1} of twenty, a paper boat`),
	/** Two executions of 10 items, one per worker; the prefix gives them their task times. */
	twoWorkers: ['a', 'b'].map((run) =>
		Array.from({ length: 10 }, (_, i) => `two workers: run ${run}, item ${i + 1}, a kite`),
	),
};
const IDS = {
	long: 'wxQueueLong',
	stop: 'wxQueueStop',
	wait: 'wxQueueWait',
	many: 'wxQueueMany',
	twoWorkers: ['wxQueueTwoA', 'wxQueueTwoB'],
};
const TWO_WORKERS_PATHS = ['queue-two-a', 'queue-two-b'];
/** The two-worker tasks' time (PENDING + RUNNING): 20 tasks on 5 slots take 4 of these at best. */
const TWO_WORKERS_TASK = { pendingMs: 500, runningMs: 2500 };

const WORKFLOWS = [
	wf.linear(IDS.long, 'queue: 20 s task', [
		wf.webhook('queue-long'),
		wf.generateAsync(PROMPTS.long),
	]),
	wf.linear(IDS.stop, 'queue: stopped while waiting', [
		wf.webhook('queue-stop', 'onReceived'),
		wf.generateAsync(PROMPTS.stop),
	]),
	wf.linear(IDS.wait, 'queue: submit, wait, get', [
		wf.webhook('queue-wait', 'onReceived'),
		wf.wanx('Submit Task', {
			operation: 'submitTask',
			mode: 'edit',
			prompt: PROMPTS.submit,
			referenceImages: { images: [{ source: 'url', url: wf.REF }] },
			n: 1,
			options: {},
		}),
		wf.wait(WAIT_SECONDS),
		wf.wanx('Get Task', {
			resource: 'task',
			operation: 'getTask',
			taskId: "={{ $('Submit Task').item.json.taskId }}",
			waitForCompletion: true,
			options: { downloadImages: false },
		}),
	]),
	wf.linear(IDS.many, 'queue: 20 items', [
		wf.webhook('queue-many'),
		...wf.prompts(PROMPTS.many),
		wf.generateAsync('={{ $json.prompt }}'),
	]),
	...IDS.twoWorkers.map((id, run) =>
		wf.linear(id, `queue: two workers, run ${'ab'[run]}`, [
			wf.webhook(TWO_WORKERS_PATHS[run]),
			...wf.prompts(PROMPTS.twoWorkers[run]),
			wf.generateAsync('={{ $json.prompt }}'),
		]),
	),
];

const t0 = Date.now();
const progress = (msg) =>
	process.stderr.write(`[queue e2e ${((Date.now() - t0) / 1000).toFixed(0)} s] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeoutMs = 2 * MIN) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(250);
	}
}

const promptOf = (rec) =>
	rec.body?.input?.messages?.[0]?.content?.find((c) => typeof c.text === 'string')?.text;

describe(`queue mode: n8n ${N8N_V2} main + worker, Redis, PostgreSQL`, () => {
	let emu;
	let redis;
	let pg;
	let main;
	let worker;
	let api;
	/** The second worker's user folder, copied with the first one's (test/n8n/run.js). */
	let worker2Folder;
	const folders = [];

	const jobsOf = (executionId) => workerJobs(worker).filter((j) => j.executionId === executionId);
	/** The executions of a workflow, newest first, from the main's REST API. */
	const executionsOf = async (workflowId) => {
		const r = await api.get(
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
		);
		return r.results;
	};
	const taskOf = (prompt) => [...emu.tasks.values()].find((t) => t.prompt === prompt);
	const pollsOf = (taskId) => emu.requests.filter((r) => r.kind === 'poll' && r.taskId === taskId);
	const hook = (p, body = {}) =>
		fetch(`${main.base}/webhook/${p}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});

	beforeAll(async () => {
		emu = await startEmulator({
			port: 0,
			apiKey: API_KEY,
			taskTimings: {
				pendingMs: 200,
				runningMs: 1000,
				byPrompt: [
					{ match: { prompt: PROMPTS.long }, pendingMs: 1000, runningMs: 19000 },
					{ match: { prompt: PROMPTS.stop }, pendingMs: 60000, runningMs: 1000 },
					{ match: { prompt: PROMPTS.submit }, pendingMs: 500, runningMs: 3000 },
					{ match: 'two workers:', ...TWO_WORKERS_TASK },
				],
			},
			// DashScope's account limits (the emulator's defaults): 5 submissions/s, 5 running, 20 queries/s.
		});
		const [{ tarball }, r, p] = await Promise.all([n8n.packRepo(), startRedis(), startPostgres()]);
		redis = r;
		pg = p;
		const queueEnv = {
			...postgresEnv(pg),
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
		};
		const folder = await n8n.prepareUserFolder({ version: N8N_V2, tarball, env: queueEnv });
		// The worker gets its own copy of the user folder (package installed), as on another machine.
		const workerFolder = await n8n.cloneUserFolder(folder);
		worker2Folder = await n8n.cloneUserFolder(folder);
		folders.push(folder, workerFolder, worker2Folder);
		progress('starting the main (it migrates the database)');
		main = await startMain(folder);
		api = restClient(main);
		progress('main ready; starting the worker, creating the credential and workflows');
		const [w, setup] = await Promise.allSettled([
			startWorker(workerFolder, {}, { concurrency: 1 }),
			api.setup(credentials(emu.url, API_KEY), WORKFLOWS),
		]);
		worker = w.value; // stopped by afterAll even when the setup failed
		for (const r of [w, setup]) if (r.status === 'rejected') throw r.reason;
		progress('worker ready');
	}, 30 * MIN);

	afterAll(async () => {
		await Promise.all([main?.stop(), worker?.stop()]);
		await Promise.all([redis?.stop(), pg?.stop(), emu?.close()]);
		for (const f of folders) n8n.removeFolder(f);
	}, 2 * MIN);

	// Started first: its Wait runs while the other tests use the worker.
	let waitExec;
	test(
		'Submit Task → Wait: the execution is parked in the database and the worker is released',
		async () => {
			const res = await hook('queue-wait');
			expect(res.status).toBe(200);
			const exec = await until('the Wait execution to be waiting', async () =>
				(await executionsOf(IDS.wait)).find((e) => e.status === 'waiting'),
			);
			waitExec = { id: String(exec.id), waitTill: new Date(exec.waitTill).getTime() };
			// The worker ran the first part (Submit Task) and finished that job.
			await until('the worker to finish the first job', () =>
				jobsOf(waitExec.id).some((j) => j.event === 'finished'),
			);
			expect(jobsOf(waitExec.id).map((j) => j.event)).toEqual(['started', 'finished']);
			const task = taskOf(PROMPTS.submit);
			expect(task).toBeDefined();
			expect(pollsOf(task.id)).toHaveLength(0); // Submit Task never polls
			expect(waitExec.waitTill).toBeGreaterThan(Date.now());
		},
		3 * MIN,
	);

	test(
		'a 20 s Generate via Async Task runs on the worker and its output reaches the main',
		async () => {
			const res = await hook('queue-long');
			expect(res.status).toBe(200);
			const body = await res.json();
			const items = Array.isArray(body) ? body : [body];
			const task = taskOf(PROMPTS.long);
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ taskId: task.id, taskStatus: 'SUCCEEDED', mode: 'edit' });
			expect(items[0].images).toHaveLength(1);
			expect(task.status).toBe('SUCCEEDED');
			const [exec] = await executionsOf(IDS.long);
			expect(exec.status).toBe('success');
			expect(jobsOf(String(exec.id)).map((j) => j.event)).toEqual(['started', 'finished']);
			// It waited on the worker: polls while the task ran, and exactly one after it ended (the one
			// that saw it finished).
			const polls = pollsOf(task.id);
			expect(polls.filter((p) => p.time < task.endAt).length).toBeGreaterThan(1);
			expect(polls.filter((p) => p.time >= task.endAt)).toHaveLength(1);
			expect(
				emu.requests.filter((r) => r.kind === 'create' && promptOf(r) === PROMPTS.long),
			).toHaveLength(1);
		},
		3 * MIN,
	);

	test(
		'20 items on one worker stay within the account limits, one task per item',
		async () => {
			const res = await hook('queue-many');
			expect(res.status).toBe(200);
			const items = await res.json();
			expect(items).toHaveLength(20);
			expect(items.map((i) => i.taskStatus)).toEqual(Array(20).fill('SUCCEEDED'));
			const tasks = [...emu.tasks.values()].filter((t) => PROMPTS.many.includes(t.prompt));
			expect(tasks).toHaveLength(20); // zero duplicate tasks
			expect(new Set(tasks.map((t) => t.prompt)).size).toBe(20);
			expect(new Set(items.map((i) => i.taskId))).toEqual(new Set(tasks.map((t) => t.id)));
			// Running tasks: no create of any run arrived while the account held its 5 (the emulator
			// counts such attempts whatever answered them), so none was refused for it either.
			const stats = emu.stats();
			expect(stats.overRunningLimit).toBe(0);
			expect(stats.throttledBy.runningTasks).toBe(0);
			// Submissions: never more than 5 create calls of this run in any one second.
			const creates = emu.requests.filter(
				(r) => r.kind === 'create' && PROMPTS.many.includes(promptOf(r)),
			);
			const accepted = creates.filter((r) => r.status === 200);
			expect(accepted).toHaveLength(20);
			const busiestSecond = Math.max(
				...creates.map(
					(c) => creates.filter((d) => d.time >= c.time && d.time < c.time + 1000).length,
				),
			);
			expect(busiestSecond).toBeLessThanOrEqual(5);
			expect(stats.throttledBy.submitRate).toBe(0);
			// It ran on the worker (concurrency 1) while the Wait execution was parked.
			const [exec] = await executionsOf(IDS.many);
			const jobs = workerJobs(worker);
			const started = jobs.findIndex(
				(j) => j.executionId === String(exec.id) && j.event === 'started',
			);
			expect(started).toBeGreaterThan(
				jobs.findIndex((j) => j.executionId === waitExec.id && j.event === 'finished'),
			);
			expect(
				jobs.filter((j) => j.executionId === waitExec.id && j.event === 'started'),
			).toHaveLength(1);
		},
		3 * MIN,
	);

	test(
		"Stop from the main ends the worker's polling and cancels the PENDING task",
		async () => {
			const res = await hook('queue-stop');
			expect(res.status).toBe(200);
			const task = await until('the task to be created', () => taskOf(PROMPTS.stop));
			await until('the worker to poll the task', () => pollsOf(task.id).length >= 2);
			const [exec] = await executionsOf(IDS.stop);
			const id = String(exec.id);
			expect(task.status).toBe('PENDING');
			const stoppedAt = Date.now();
			await api.post(`/rest/executions/${id}/stop`);
			const stopped = await until('the execution to be marked stopped', async () => {
				const e = (await executionsOf(IDS.stop))[0];
				return !['running', 'new', 'waiting'].includes(e.status) && e;
			});
			expect(stopped.status).toBe('canceled');
			// Polling stops: 5 s without a poll (the schedule polls every 1–1.5 s at this point), and at
			// most the polls already under way when the stop message reached the worker.
			await until(
				'5 s without a poll',
				() => Date.now() - Math.max(stoppedAt, ...pollsOf(task.id).map((p) => p.time)) > 5000,
				MIN,
			);
			expect(pollsOf(task.id).filter((p) => p.time > stoppedAt).length).toBeLessThanOrEqual(3);
			// The worker's job ended with the cancellation (n8n logs it on the main: "Execution <id> (job <n>) failed").
			expect(
				logLines(main).some((l) =>
					new RegExp(`^Execution ${id} \\(job \\S+\\) failed\\nManualExecutionCancelledError`).test(
						String(l.message),
					),
				),
			).toBe(true);
			// The task, still PENDING and not yet billed, is cancelled rather than left to run.
			const cancels = emu.requests.filter((r) => r.kind === 'cancel' && r.taskId === task.id);
			expect(cancels.map((c) => c.status)).toEqual([200]);
			expect(task.status).toBe('CANCELED');
		},
		3 * MIN,
	);

	test(
		'Wait → Get Task: the parked execution resumes on the worker and completes',
		async () => {
			const done = await until(
				'the Wait execution to finish',
				async () => {
					const e = (await executionsOf(IDS.wait))[0];
					return e.status !== 'waiting' && e.status !== 'running' && e.status !== 'new' && e;
				},
				3 * MIN,
			);
			expect(done.status).toBe('success');
			// Two jobs on the worker: before the Wait, and after it.
			expect(jobsOf(waitExec.id).map((j) => j.event)).toEqual([
				'started',
				'finished',
				'started',
				'finished',
			]);
			const full = await api.get(`/rest/executions/${waitExec.id}`);
			const runData = JSON.stringify(full);
			const task = taskOf(PROMPTS.submit);
			expect(task.status).toBe('SUCCEEDED');
			expect(runData).toContain(task.id);
			// Nothing polled the task while the execution waited: Get Task read it after the resume.
			const polls = pollsOf(task.id);
			expect(polls.length).toBeGreaterThanOrEqual(1);
			expect(polls.every((p) => p.time >= waitExec.waitTill)).toBe(true);
			expect(
				emu.requests.filter((r) => r.kind === 'create' && promptOf(r) === PROMPTS.submit),
			).toHaveLength(1);
		},
		4 * MIN,
	);

	describe('two workers on one key', () => {
		let worker2;

		beforeAll(async () => {
			progress('starting a second worker');
			worker2 = await startWorker(worker2Folder, {}, { concurrency: 1 });
			progress('second worker ready');
		}, 20 * MIN);

		afterAll(() => worker2?.stop(), 2 * MIN);

		/** The most tasks PENDING or RUNNING at one moment, from the tasks' own times. */
		const mostAtOnce = (tasks) =>
			Math.max(
				...tasks.map(
					(t) =>
						tasks.filter(
							(u) => u.submittedAt <= t.submittedAt && t.submittedAt < (u.canceledAt ?? u.endAt),
						).length,
				),
			);

		test(
			'20 items in two executions, one on each worker, against 5 running tasks: each item completes once, the 429s are retried',
			async () => {
				emu.reset(); // only this test's requests, tasks and counters from here on
				const started = Date.now();
				const answers = await Promise.all(
					TWO_WORKERS_PATHS.map(async (p) => {
						const r = await hook(p);
						return { path: p, status: r.status, text: await r.text() };
					}),
				);
				const wallMs = Date.now() - started;
				const idealMs = (20 / 5) * (TWO_WORKERS_TASK.pendingMs + TWO_WORKERS_TASK.runningMs);
				const creates = emu.requests.filter((r) => r.kind === 'create');
				const refused = creates.filter((r) => r.status === 429);
				// A figure for the log (bench/ measures it); never asserted as a time.
				progress(
					`two workers: 20 items in ${(wallMs / 1000).toFixed(1)} s, ideal ${idealMs / 1000} s ` +
						`(${(wallMs / idealMs).toFixed(2)}× ideal), ${refused.length} creates answered 429`,
				);
				expect(answers.map((a) => a.status === 200 || a)).toEqual([true, true]);

				// No item failed: each execution answered its 10 items, every task SUCCEEDED.
				const items = answers.map((a) => JSON.parse(a.text));
				for (const list of items) {
					expect(list).toHaveLength(10);
					expect(list.map((i) => i.taskStatus)).toEqual(Array(10).fill('SUCCEEDED'));
				}
				const execs = await Promise.all(
					IDS.twoWorkers.map(async (id) => (await executionsOf(id))[0]),
				);
				expect(execs.map((e) => e.status)).toEqual(['success', 'success']);

				// One execution on each worker: two processes, each with its own account gates.
				const ranOn = (srv) =>
					execs
						.map((e) => String(e.id))
						.filter((id) =>
							workerJobs(srv).some((j) => j.executionId === id && j.event === 'finished'),
						);
				const [onFirst, onSecond] = [ranOn(worker), ranOn(worker2)];
				expect([onFirst.length, onSecond.length]).toEqual([1, 1]);
				expect(onFirst).not.toEqual(onSecond);

				// Every item completed exactly once: one accepted create and one task per prompt, and
				// each item carries the task made from its own prompt.
				const all = PROMPTS.twoWorkers.flat();
				const accepted = (prompt) =>
					creates.filter((c) => c.status === 200 && promptOf(c) === prompt);
				expect(all.map((p) => accepted(p).length)).toEqual(Array(20).fill(1));
				const tasks = [...emu.tasks.values()];
				expect(tasks.map((t) => t.prompt).sort()).toEqual([...all].sort());
				PROMPTS.twoWorkers.forEach((prompts, run) =>
					expect(items[run].map((i) => i.taskId)).toEqual(prompts.map((p) => taskOf(p).id)),
				);

				// The workers met DashScope's running-task limit (neither can see the other's tasks),
				// and each refused create was sent again until accepted: the retry path, taken.
				expect(creates.every((c) => c.status === 200 || c.status === 429)).toBe(true);
				expect(emu.stats().throttledBy.runningTasks).toBeGreaterThan(0);
				for (const r of refused)
					expect(accepted(promptOf(r)).map((c) => c.time > r.time)).toEqual([true]);

				// The account held its 5 tasks at once and never more, counted from the tasks' own times
				// (stats.overRunningLimit counts creates that arrived while 5 were held: here, by design,
				// the refused ones).
				expect(mostAtOnce(tasks)).toBe(5);
			},
			5 * MIN,
		);
	});
});
