/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's records are untyped JSON */
/**
 * A model with a running-task limit of its own (kf2v: 2 per account, docs/dashscope-notes.md §9.8)
 * within the account's 5, against the emulator, which refuses a third kf2v task with 429 as it
 * refuses a sixth of the account: the node holds the model's slots too, so five kf2v items run
 * two at a time with no refusal, while a wan2.7 video runs beside them in an account slot.
 */
import { EMULATOR_KEY, useEmulator } from './net';
import { runWanx } from './harness';

const emu = useEmulator({
	// Longer than two kf2v submissions apart (2 per second, §9.8): a third would meet two running.
	taskTimings: { pendingMs: 0, runningMs: 1500, syncMs: 0 },
	limits: { submitPerSecond: 0, runningTasks: 5, queriesPerSecond: 0, countSync: true },
	randomSeed: 11,
});

const frames = (n: number) => ({
	model: 'wan2.2-kf2v-flash',
	media: {
		items: [
			{ role: 'first_frame', source: 'url', url: `https://input.test/${n}-a.png` },
			{ role: 'last_frame', source: 'url', url: `https://input.test/${n}-b.png` },
		],
	},
});

/** The most tasks of `model` the emulator held at once, from each task's submit and end. */
function peakOf(model: string): number {
	const tasks = [...emu.tasks.values()].filter((t: any) => t.model === model);
	return Math.max(
		0,
		...tasks.map(
			(t: any) =>
				tasks.filter((o: any) => o.submittedAt <= t.submittedAt && t.submittedAt < o.endAt).length,
		),
	);
}

beforeEach(() => emu.reset());

test('five kf2v items run two at a time without a 429, each once', async () => {
	const result = await runWanx({
		parameters: {
			resource: 'video',
			operation: 'generateAsync',
			prompt: '={{ $json.prompt }}',
			...frames(0),
			options: { pollInterval: 0.02, downloadVideo: false },
		},
		credentials: { apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url },
		typeVersion: 2,
		items: [1, 2, 3, 4, 5].map((n) => ({ json: { prompt: `the door opens, take ${n}` } })),
	});
	expect(result.error?.message).toBeUndefined();
	expect(result.items).toHaveLength(5);
	expect(result.items.every((item) => item.json.taskStatus === 'SUCCEEDED')).toBe(true);
	expect(emu.stats().tasksCreated).toBe(5);
	expect(emu.stats().throttledBy.runningTasks).toBe(0);
	expect(peakOf('wan2.2-kf2v-flash')).toBe(2);
});

test('the model slots are its own: a wan2.7 video beside them runs at once', async () => {
	const run = (parameters: Record<string, unknown>, items: number) =>
		runWanx({
			parameters: {
				resource: 'video',
				operation: 'generateAsync',
				prompt: 'a paper boat on a pond',
				...parameters,
				options: { pollInterval: 0.02, downloadVideo: false },
			},
			credentials: { apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url },
			typeVersion: 2,
			items: Array.from({ length: items }, () => ({ json: {} })),
		});
	const [kf2v, t2v] = await Promise.all([run(frames(1), 4), run({ model: 'wan2.7-t2v' }, 1)]);
	expect(kf2v.error?.message).toBeUndefined();
	expect(t2v.error?.message).toBeUndefined();
	expect(emu.stats().throttledBy.runningTasks).toBe(0);
	const t2vTask: any = [...emu.tasks.values()].find((t: any) => t.model === 'wan2.7-t2v');
	const kf2vTasks = [...emu.tasks.values()].filter((t: any) => t.model === 'wan2.2-kf2v-flash');
	// It did not wait behind the kf2v items: it started before the last of them.
	expect(t2vTask.submittedAt).toBeLessThan(Math.max(...kf2vTasks.map((t: any) => t.submittedAt)));
});
