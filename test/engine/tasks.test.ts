/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * The task operations against the DashScope emulator on 127.0.0.1: Submit Task returns at once,
 * Get Task reads or waits (same output as Generate via Async Task, binary included), Cancel Task
 * cancels a queued task and reports a running one plainly.
 */
import { runWanx } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';

const KEY = EMULATOR_KEY;
const emu = useEmulator({
	taskTimings: {
		pendingMs: 0,
		runningMs: 1500, // long enough for Submit then Get on a busy machine
		byPrompt: [{ match: 'queued', pendingMs: 5000, runningMs: 100 }],
	},
});
const credentials = () => ({ apiKey: KEY, region: 'custom', baseUrl: emu.url });
const submit = (prompt: string) =>
	runWanx({
		parameters: {
			operation: 'submitTask',
			prompt,
			referenceImages: { images: [{ source: 'url', url: 'https://input.test/cat.png' }] },
			n: 2,
		},
		credentials: credentials(),
	});
const task = (
	operation: 'getTask' | 'cancelTask',
	taskId: string,
	extra: Record<string, unknown> = {},
) =>
	runWanx({
		parameters: { resource: 'task', operation, taskId, ...extra },
		credentials: credentials(),
	});

test('Submit Task returns the task id at once; Get Task reads it, then waits for the images', async () => {
	const submitted = await submit('a cat in the snow');
	expect(submitted.status).toBe('success');
	const { taskId, taskStatus, requestId } = submitted.items[0].json as Record<string, string>;
	expect(taskStatus).toBe('PENDING');
	expect(requestId).toBeTruthy();
	expect(emu.stats().tasksCreated).toBe(1);
	expect(emu.requests.filter((r: any) => r.kind === 'poll')).toHaveLength(0);

	const snapshot = await task('getTask', taskId, { waitForCompletion: false });
	expect(snapshot.items[0].json).toMatchObject({ taskId, finished: false });
	expect(['PENDING', 'RUNNING']).toContain(snapshot.items[0].json.taskStatus);

	const done = await task('getTask', taskId, { options: { pollInterval: 0.05 } });
	expect(done.status).toBe('success');
	const [item] = done.items;
	expect(item.json).toMatchObject({ taskId, taskStatus: 'SUCCEEDED', mode: 'edit' });
	expect(item.json.images).toHaveLength(2);
	expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
	expect(item.binary!.data.fileName).toBe(`wanx-${taskId}-1.png`);
	expect(emu.stats().tasksCreated).toBe(1);
});

test('Cancel Task cancels a queued task; a running one is reported, not failed', async () => {
	const queued = (await submit('queued: a dog')).items[0].json.taskId as string;
	const canceled = await task('cancelTask', queued);
	expect(canceled.status).toBe('success');
	expect(canceled.items[0].json).toMatchObject({
		taskId: queued,
		canceled: true,
		taskStatus: 'CANCELED',
	});
	expect(
		(await task('getTask', queued, { waitForCompletion: false })).items[0].json.taskStatus,
	).toBe('CANCELED');

	const running = (await submit('a horse')).items[0].json.taskId as string;
	const refused = await task('cancelTask', running);
	expect(refused.status).toBe('success');
	expect(refused.items[0].json).toMatchObject({ taskId: running, canceled: false });
	expect(refused.items[0].json.reason).toMatch(
		/^Only queued \(PENDING\) tasks can be canceled; this task is (RUNNING|SUCCEEDED)$/,
	);
});

test('Get Task on an unknown id fails with a clear error when waiting, and reports UNKNOWN when not', async () => {
	const waited = await task('getTask', 'no-such-task', { options: { pollInterval: 0.05 } });
	expect(waited.status).toBe('error');
	expect(waited.error?.message).toMatch(/does not exist or has expired.*task_id no-such-task/);
	const read = await task('getTask', 'no-such-task', { waitForCompletion: false });
	expect(read.items[0].json).toMatchObject({
		taskId: 'no-such-task',
		taskStatus: 'UNKNOWN',
		finished: true,
	});
});
