/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * The account-wide gates in the real WorkflowExecute against the DashScope emulator (5 running
 * tasks): several executions at once never exceed the account's slots and get no 429; every
 * exit path gives its slot back; an item that fails stops the run at once and cancels the
 * run's queued tasks, as the user's Stop does; Max Wait bounds a hanging status
 * check and names the task as a field. What was sent is read from the emulator's log.
 */
import { runWanx, type RunResult } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';
import { DEFAULT_LIMITS } from './emulatorAccount';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const account = require('../../dist/nodes/Wanx/transport/account');

const KEY = EMULATOR_KEY;
const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
const LIMITS = DEFAULT_LIMITS;
const TASKS = { pendingMs: 0, runningMs: 300, syncMs: 0 };

const emu = useEmulator({ taskTimings: TASKS, limits: LIMITS });
const credentials = () => ({ apiKey: KEY, region: 'custom', baseUrl: emu.url });
const requestsOf = (kind: string) => emu.requests.filter((r: any) => r.kind === kind);

function run(
	prompts: string[],
	options: Record<string, unknown> = {},
	extra: Partial<Parameters<typeof runWanx>[0]> = {},
): Promise<RunResult> {
	return runWanx({
		parameters: {
			operation: 'generateAsync',
			prompt: '={{ $json.prompt }}',
			referenceImages: { images: [IMAGE] },
			options: { downloadImages: false, pollInterval: 0.05, ...options },
		},
		items: prompts.map((prompt) => ({ json: { prompt } })),
		credentials: credentials(),
		...extra,
	});
}

/** The gates the node keeps for the emulator's account in this process. */
const gates = () => account.accountGates(account.accountFingerprint(KEY, emu.url), 5, Date.now());

async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
	if (!check()) throw new Error(`timed out waiting for ${what}`);
}

afterEach(() => {
	expect(gates().slots.used).toBe(0);
	expect(gates().slots.waiting).toBe(0);
	emu.reset();
	emu.configure({ taskTimings: { ...TASKS, byPrompt: [] }, limits: LIMITS });
});
afterAll(() => {
	// No key material in the gates' keys.
	expect(account.knownAccounts().join(' ')).not.toContain(KEY.slice(3));
});

describe('the benchmarks’ baseline (perRunGates.js)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { DashScopeClient } = require('../../dist/nodes/Wanx/transport/client');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { usePerRunGates } = require('./perRunGates');
	const client = () =>
		new DashScopeClient({
			getExecutionCancelSignal: () => undefined,
			getCredentials: async () => credentials(),
		});

	test('each node run gets gates of its own, without a slot limit; off, the account’s again', async () => {
		usePerRunGates(true);
		try {
			const [a, b] = [client(), client()];
			const own = await a.account(0);
			expect(await a.account(0)).toBe(own);
			expect(await b.account(0)).not.toBe(own);
			expect(own).not.toBe(gates());
			expect(own.fingerprint).toBe(gates().fingerprint);
			expect(own.slots.capacity).toBe(0);
		} finally {
			usePerRunGates(false);
		}
		expect(await client().account(0)).toBe(gates());
	});
});

describe('one account, many executions', () => {
	test('4 executions × 5 items at once: never above 5 running tasks, no 429, every item succeeds', async () => {
		// The node's own count of held slots, read as the runs go.
		let peak = 0;
		const watch = setInterval(() => (peak = Math.max(peak, gates().slots.used)), 5);
		const runs = await Promise.all(
			Array.from({ length: 4 }, (_, e) =>
				run(Array.from({ length: 5 }, (_, i) => `run ${e} item ${i}`)),
			),
		).finally(() => clearInterval(watch));
		for (const result of runs) {
			expect(result.status).toBe('success');
			expect(result.items.map((item) => item.json.taskStatus)).toEqual(Array(5).fill('SUCCEEDED'));
		}
		const stats = emu.stats();
		expect(stats.tasksCreated).toBe(20);
		expect(stats.throttledBy).toMatchObject({ submitRate: 0, runningTasks: 0, queryRate: 0 });
		// No create arrived while the account held its 5 running tasks (refused or not).
		expect(stats.overRunningLimit).toBe(0);
		expect(peak).toBeGreaterThan(0);
		expect(peak).toBeLessThanOrEqual(5);
	});

	test('localhost and 127.0.0.1 for one server are one account: 2 credentials × 10 items at once, no 429', async () => {
		const spelled = (host: string) => ({
			...credentials(),
			baseUrl: `${emu.url.replace('127.0.0.1', host)}/api/v1`,
			runningTasks: 5,
		});
		const runs = await Promise.all(
			['localhost', '127.0.0.1'].map((host) =>
				run(
					Array.from({ length: 10 }, (_, i) => `${host} item ${i}`),
					{ concurrency: 10 },
					{ credentials: spelled(host) },
				),
			),
		);
		for (const result of runs) {
			expect(result.status).toBe('success');
			expect(result.items.map((item) => item.json.taskStatus)).toEqual(Array(10).fill('SUCCEEDED'));
		}
		const hosts = new Set(requestsOf('create').map((r: any) => r.headers.host.split(':')[0]));
		expect(hosts).toEqual(new Set(['localhost', '127.0.0.1']));
		expect(emu.stats()).toMatchObject({ tasksCreated: 20, throttled: 0 });
		expect(emu.stats().peakRunning).toBeLessThanOrEqual(5);
	});

	test('Concurrency 10 against 5 slots: items beyond 5 wait for a slot instead of being refused', async () => {
		// Tasks long enough that a loaded machine still has five creates out before the first ends.
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 1500 } });
		const result = await run(
			Array.from({ length: 12 }, (_, i) => `item ${i}`),
			{ concurrency: 10 },
		);
		expect(result.status).toBe('success');
		expect(emu.stats()).toMatchObject({ tasksCreated: 12, throttled: 0, overRunningLimit: 0 });
		expect(emu.stats().peakRunning).toBe(5); // the slots were used, not only respected
	});

	test('a late single-item execution gets the next free slot, ahead of the big execution’s queue', async () => {
		// Tasks long enough for the late execution to start and queue before the first slot frees.
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 1500 } });
		const big = run(
			Array.from({ length: 15 }, (_, i) => `big ${i}`),
			{ concurrency: 15 },
		);
		await until(() => requestsOf('create').length >= 5, 'the big run to take every slot');
		const late = await run(['late']);
		expect(late.status).toBe('success');
		expect((await big).status).toBe('success');
		const creates = requestsOf('create').map((r: any) => r.body.input.messages[0].content[0].text);
		// Big run: 5 at once, then 10 waiters. The late item takes the first slot that frees once it
		// waits (at most one big item may slip in while it starts); in arrival order it would be 16th.
		expect(creates.indexOf('late')).toBeGreaterThanOrEqual(5);
		expect(creates.indexOf('late')).toBeLessThanOrEqual(6);
		expect(emu.stats().throttled).toBe(0);
	});

	test('the credential’s Running Tasks Limit is the slot count', async () => {
		emu.configure({ limits: { ...LIMITS, runningTasks: 2 } });
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, pollInterval: 0.05 },
			},
			items: Array.from({ length: 6 }, () => ({ json: {} })),
			credentials: { ...credentials(), runningTasks: 2 },
		});
		expect(result.status).toBe('success');
		expect(emu.stats()).toMatchObject({
			tasksCreated: 6,
			throttled: 0,
			overRunningLimit: 0,
			peakRunning: 2,
		});
		gates(); // back to the default 5 for the other tests
	});
});

describe('every exit path gives its slot back (checked after each test)', () => {
	test.each<[string, object]>([
		['task FAILED', { on: 'create', kind: 'fail', code: 'InternalError' }],
		[
			'create refused with 400',
			{ on: 'create', kind: 'status', status: 400, code: 'InvalidParameter' },
		],
		['create connection lost', { on: 'create', kind: 'resetAfterCreate' }],
		['poll answered 401', { on: 'poll', kind: 'status', status: 401, code: 'InvalidApiKey' }],
	])('%s, with and without Continue On Fail', async (_name, fault) => {
		emu.fault({ ...fault, times: 2 });
		expect((await run(['a'], {}, { continueOnFail: true })).items[0].json.error).toBeDefined();
		expect((await run(['b'])).status).toBe('error');
	});

	test('Max Wait: the slot comes back and the error item carries taskId as a field', async () => {
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 60_000 } });
		const result = await run(['slow'], { maxWait: 0.5 }, { continueOnFail: true });
		const taskId = requestsOf('create')[0].taskId;
		expect(result.items[0].json).toMatchObject({
			taskId,
			error: `Task ${taskId} did not finish within 1 seconds`,
		});
	});
});

describe('a failed item stops the run at once and cancels its queued tasks (Continue On Fail off)', () => {
	test('queued tasks are cancelled, nothing is polled after the failure, the error says what ran', async () => {
		emu.configure({
			taskTimings: {
				pendingMs: 0,
				runningMs: 300,
				byPrompt: [
					{ match: 'queued', pendingMs: 20_000, runningMs: 100 },
					{ match: 'running', pendingMs: 0, runningMs: 20_000 },
				],
			},
		});
		emu.fault({ on: 'create', kind: 'fail', code: 'DataInspectionFailed', match: 'bad' });
		const result = await run(['running', 'queued 1', 'queued 2', 'queued 3', 'bad'], {
			pollInterval: 0.1,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/DataInspectionFailed/);
		const byPrompt = new Map(
			requestsOf('create').map((r: any) => [r.body.input.messages[0].content[0].text, r.taskId]),
		);
		const queued = ['queued 1', 'queued 2', 'queued 3'].map((prompt) => byPrompt.get(prompt));
		const cancels = requestsOf('cancel');
		expect(cancels.map((r: any) => r.taskId).sort()).toEqual(
			[...queued, byPrompt.get('running')].sort(),
		);
		expect(
			cancels
				.filter((r: any) => r.status === 200)
				.map((r: any) => r.taskId)
				.sort(),
		).toEqual([...queued].sort());
		expect([...emu.tasks.values()].filter((t: any) => t.status === 'CANCELED')).toHaveLength(3);
		// Once the failure is known only the task still running is polled: its slot is held until
		// a status check shows it ended (it counts against the account's limit until then).
		const later = requestsOf('poll').filter((r: any) => r.time > cancels[0].time);
		expect(later.every((r: any) => r.taskId === byPrompt.get('running'))).toBe(true);
		expect(gates().slots.used).toBe(1);
		const description = String(result.error?.description);
		expect(description).toContain('Cancelled while still queued on DashScope (not billed)');
		for (const taskId of queued) expect(description).toContain(taskId);
		expect(description).toMatch(
			new RegExp(`may still finish and be billed: ${byPrompt.get('running')}`),
		);
		// The emulator forgets its tasks: the next status check reads UNKNOWN, a final status.
		emu.reset();
		await until(() => gates().slots.used === 0, 'the held slot to come back');
	});

	test('with Continue On Fail the other items run to the end; nothing is cancelled', async () => {
		emu.fault({ on: 'create', kind: 'fail', code: 'InternalError', match: 'bad' });
		const result = await run(['good 1', 'bad', 'good 2'], {}, { continueOnFail: true });
		expect(result.items.map((item) => item.json.taskStatus ?? 'error')).toEqual([
			'SUCCEEDED',
			'error',
			'SUCCEEDED',
		]);
		expect(requestsOf('cancel')).toEqual([]);
	});

	test('the user’s Stop cancels the run’s queued tasks, a create still on the wire included', async () => {
		emu.configure({ taskTimings: { pendingMs: 20_000, runningMs: 100 } });
		// The third create is received (its task exists at the emulator) but its answer is held.
		emu.fault({ on: 'create', kind: 'slowAfterCreate', delayMs: 1_500, match: 'q 3' });
		const result = await run(
			['q 1', 'q 2', 'q 3'],
			{},
			{
				onStart: (cancel) => {
					// Stop while the held create is on the wire: its task exists, the node has no id yet.
					const held = () => [...emu.tasks.values()].some((t: any) => t.prompt === 'q 3');
					const polled = () => new Set(requestsOf('poll').map((r: any) => r.taskId)).size;
					void until(() => held() && polled() === 2, 'the held create and two polls').then(cancel);
				},
			},
		);
		expect(result.status).toBe('canceled');
		await until(() => requestsOf('cancel').length === 3, 'three cancel calls');
		expect(requestsOf('cancel').map((r: any) => r.status)).toEqual([200, 200, 200]);
		// Every task the emulator made was cancelled: none was left running without an id.
		expect(emu.tasks.size).toBe(3);
		await until(
			() => [...emu.tasks.values()].every((t: any) => t.status === 'CANCELED'),
			'the tasks to be CANCELED',
		);
		expect(new Set(requestsOf('cancel').map((r: any) => r.taskId))).toEqual(
			new Set([...emu.tasks.keys()]),
		);
	});
});

describe('after Stop, the slots of tasks still running are held until they end', () => {
	test('the next execution meets no refusal: its creates wait for the held slots', async () => {
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 1500 } });
		const polled = () => new Set(requestsOf('poll').map((r: any) => r.taskId)).size;
		const first = await run(
			['first 1', 'first 2', 'first 3', 'first 4', 'first 5'],
			{},
			{
				onStart: (cancel) => void until(() => polled() === 5, 'five tasks polled').then(cancel),
			},
		);
		expect(first.status).toBe('canceled');
		// RUNNING tasks cannot be cancelled (400): they go on at DashScope, their slots stay taken.
		await until(() => requestsOf('cancel').length === 5, 'five cancel calls');
		expect(requestsOf('cancel').map((r: any) => r.status)).toEqual([400, 400, 400, 400, 400]);
		expect(gates().slots.used).toBe(5);
		const second = await run(['second 1', 'second 2', 'second 3', 'second 4', 'second 5']);
		expect(second.status).toBe('success');
		expect(emu.stats()).toMatchObject({ tasksCreated: 10, throttled: 0, overRunningLimit: 0 });
		expect(emu.stats().peakRunning).toBe(5);
		await until(() => gates().slots.used === 0, 'every slot back');
	});
});

describe('Max Wait bounds the whole wait, a hanging status check included', () => {
	test('a status check that never answers ends at Max Wait with the timeout error, not after the request timeout', async () => {
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 60_000 } });
		emu.fault({ on: 'poll', kind: 'slow', delayMs: 120_000, times: -1 });
		const result = await run(['hang'], { maxWait: 1, pollInterval: 0 }, { continueOnFail: true });
		const taskId = requestsOf('create')[0].taskId;
		expect(result.items[0].json).toMatchObject({
			taskId,
			error: `Task ${taskId} did not finish within 1 seconds`,
		});
		expect(requestsOf('poll').length).toBeLessThanOrEqual(2);
	});
});
