/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Many items at once, the built node in n8n's real WorkflowExecute against the DashScope emulator
 * on 127.0.0.1 with the account limits on (§6.1): order and pairedItem kept, creates refused for a
 * full account wait for a slot, the submission and poll gates keep under the account's rates, and
 * 200 items go through injected transient faults with exactly one task each.
 *
 * The emulator's task times run at TEST_TIME_SCALE, as the node's back-off does: the times below
 * are real-life ones. Rate windows keep real time (the node's gates pace it in real time).
 */
import { TEST_TIME_SCALE, runWanx } from './harness';
import { DEFAULT_LIMITS, IMAGE, useEmulatorAccount } from './emulatorAccount';

const FAST_TASKS = { pendingMs: 0, runningMs: 600, syncMs: 0 };

const { emu, credentials, asyncRun, statusesOf } = useEmulatorAccount(FAST_TASKS, {
	timeScale: TEST_TIME_SCALE,
});

describe('many items', () => {
	test('10 items at concurrency 5 never exceed 5 running tasks and keep order and pairedItem', async () => {
		// Later items finish first, so completion order is the reverse of input order.
		emu.configure({
			taskTimings: {
				byPrompt: Array.from({ length: 10 }, (_, i) => ({
					match: `item ${i}!`,
					pendingMs: 0,
					runningMs: 14_000 - 1200 * i,
				})),
			},
		});
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: '={{ "item " + $json.i + "!" }}',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency: 5 },
			},
			items: Array.from({ length: 10 }, (_, i) => ({ json: { i } })),
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		const stats = emu.stats();
		expect(stats.overRunningLimit).toBe(0);
		expect(stats.throttled).toBe(0);
		expect(stats.tasksCreated).toBe(10);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 10 }, (_, i) => ({ item: i })),
		);
		const promptOf = new Map([...emu.tasks.values()].map((task: any) => [task.id, task.prompt]));
		expect(result.items.map((item) => promptOf.get(item.json.taskId))).toEqual(
			Array.from({ length: 10 }, (_, i) => `item ${i}!`),
		);
	}, 60_000);

	test('concurrency above the 5-running-task limit: creates refused with 429 wait for a free slot, every item succeeds', async () => {
		// One slot, 3.5 s tasks: the sixth item waits ~17.5 s for its slot, longer than the
		// short retry budget of a plain submission (5 attempts, at most ~15 s of back-off); both
		// times scaled alike under jest (TEST_TIME_SCALE).
		emu.configure({
			taskTimings: { pendingMs: 0, runningMs: 3500 },
			limits: { ...DEFAULT_LIMITS, runningTasks: 1 },
		});
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: '={{ "slot " + $json.i }}',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency: 6, pollInterval: 0.05 },
			},
			items: Array.from({ length: 6 }, (_, i) => ({ json: { i } })),
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		const stats = emu.stats();
		expect(stats.throttledBy.runningTasks).toBeGreaterThan(0);
		expect(stats.tasksCreated).toBe(6);
		expect(result.items.map((item) => item.json.images)).toEqual(
			Array.from({ length: 6 }, () => [expect.any(String)]),
		);
	}, 150_000);

	test('the submission gate keeps 15 instant sync calls under 5 per second (no 429 from the account limit)', async () => {
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency: 15 },
			},
			items: Array.from({ length: 15 }, () => ({ json: {} })),
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		expect(emu.stats().syncCalls).toBe(15);
		expect(emu.stats().throttledBy).toMatchObject({ submitRate: 0 });
	}, 30_000);

	test('the poll gate keeps 20 tasks polled every 50 ms under the 20 queries/s account limit', async () => {
		emu.configure({
			taskTimings: { pendingMs: 0, runningMs: 1500 / TEST_TIME_SCALE }, // 1.5 s of polling
			limits: { ...DEFAULT_LIMITS, runningTasks: 0, submitPerSecond: 0 },
		});
		// The credential allows 20 running tasks, so all 20 are polled at once.
		const result = await asyncRun(
			{ concurrency: 20, submitRate: 0 },
			{
				items: Array.from({ length: 20 }, () => ({ json: {} })),
				credentials: { ...credentials(), runningTasks: 20 },
			},
		);
		expect(result.status).toBe('success');
		expect(emu.stats().tasksCreated).toBe(20);
		expect(emu.stats().throttledBy).toMatchObject({ queryRate: 0 });
		expect(statusesOf('poll').length).toBeGreaterThan(20);
	}, 60_000);

	test('200 items through 10% injected transient faults: every item succeeds, exactly 200 tasks', async () => {
		emu.configure({
			limits: { submitPerSecond: 50, runningTasks: 20, queriesPerSecond: 20, countSync: true },
		});
		emu.fault([
			{ on: ['create', 'poll'], kind: 'status', status: 429, probability: 0.04, times: -1 },
			{ on: ['create', 'poll'], kind: 'status', status: 500, probability: 0.02, times: -1 },
			{ on: ['create', 'poll'], kind: 'status', status: 503, probability: 0.02, times: -1 },
			{ on: 'poll', kind: 'reset', probability: 0.02, times: -1 },
		]);
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: '={{ "item " + $json.i }}',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency: 20, submitRate: 50 },
			},
			items: Array.from({ length: 200 }, (_, i) => ({ json: { i } })),
			credentials: { ...credentials(), runningTasks: 20 }, // as the emulator allows here
		});
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(200);
		expect(result.items.every((item) => item.json.taskStatus === 'SUCCEEDED')).toBe(true);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 200 }, (_, i) => ({ item: i })),
		);
		const stats = emu.stats();
		expect(stats.tasksCreated).toBe(200);
		expect(stats.faultsFired).toBeGreaterThan(10);
		// Every 429 came from the injected faults, none from the account limits; no create arrived
		// while the 20 running tasks were held (a faulted one included).
		expect(stats.throttledBy).toMatchObject({ submitRate: 0, runningTasks: 0, queryRate: 0 });
		expect(stats.overRunningLimit).toBe(0);
	}, 120_000);
});
