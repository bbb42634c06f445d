/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's request records are untyped JSON */
/**
 * Get Task on a video task, in a process that has seen no task end yet (its own file: nothing
 * learnt predicts the end): the wait keeps to one status check per 5 s, as Generate does for
 * video, since Get Task cannot tell a video task from an image task before it ends.
 */
import { runWanx } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';

const emu = useEmulator({
	// The task ends 4 s after its creation.
	taskTimings: { pendingMs: 0, runningMs: 4000, syncMs: 0 },
	limits: false,
});
const credentials = () => ({ apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url });

test('Get Task waiting for a running video task checks its status at most once per 5 s, and returns the video', async () => {
	const submitted = await runWanx({
		parameters: {
			resource: 'video',
			operation: 'submitTask',
			model: 'wan2.7-t2v',
			prompt: 'a paper boat drifts down a rain gutter',
		},
		credentials: credentials(),
		typeVersion: 2,
	});
	expect(submitted.error?.message).toBeUndefined();
	const taskId = submitted.items[0].json.taskId as string;

	const read = await runWanx({
		parameters: { resource: 'task', operation: 'getTask', taskId },
		credentials: credentials(),
		typeVersion: 2,
	});
	expect(read.error?.message).toBeUndefined();
	expect(read.items[0].json).toMatchObject({ taskId, taskStatus: 'SUCCEEDED' });
	expect(read.items[0].binary!.data.mimeType).toBe('video/mp4');
	// Read at once (RUNNING), then no sooner than 5 s later (done): two checks. The image
	// schedule checks about every second, four or five times in the same 4 s.
	const checks = emu.requests.filter((r: any) => r.kind === 'poll' && r.taskId === taskId);
	expect(checks.length).toBeGreaterThanOrEqual(1);
	expect(checks.length).toBeLessThanOrEqual(2);
});
