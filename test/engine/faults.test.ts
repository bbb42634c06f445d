/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/**
 * The built node inside n8n's real WorkflowExecute against the DashScope emulator on 127.0.0.1
 * (real sockets, no nock): rate limits, server errors, lost and slow connections, garbled bodies,
 * every documented task failure (many items at once: manyItems.test.ts). The key rules: a task is
 * never created twice unless "Resubmit When Unsure" allows it, and polls are repeated until Max
 * Wait.
 */
import { runWanx } from './harness';
import { EMULATOR_KEY } from './net';
import { IMAGE, useEmulatorAccount } from './emulatorAccount';

const KEY = EMULATOR_KEY;
const FAST_TASKS = { pendingMs: 0, runningMs: 30, syncMs: 0 };

const { emu, credentials, asyncRun, statusesOf } = useEmulatorAccount(FAST_TASKS);

describe('rate limits and server errors are waited out, never creating a second task', () => {
	test.each<[string, object]>([
		['429 burst on create', { on: 'create', kind: 'status', status: 429, times: 2 }],
		['500 on create', { on: 'create', kind: 'status', status: 500, times: 1 }],
		['503 on create', { on: 'create', kind: 'status', status: 503, times: 2 }],
		['429 burst on poll', { on: 'poll', kind: 'status', status: 429, times: 6 }],
		['500 on poll', { on: 'poll', kind: 'status', status: 500, times: 3 }],
		['503 on poll', { on: 'poll', kind: 'status', status: 503, times: 3 }],
		['reset on poll', { on: 'poll', kind: 'reset', times: 3 }],
		['garbled 200 on poll', { on: 'poll', kind: 'malformed', times: 2 }],
		['garbled 503 on poll', { on: 'poll', kind: 'malformed', status: 503, times: 2 }],
	])('%s', async (_name, fault) => {
		emu.fault(fault);
		const result = await asyncRun();
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.items[0].json).toMatchObject({ taskStatus: 'SUCCEEDED' });
		expect(emu.stats().tasksCreated).toBe(1);
		expect(emu.stats().faultsFired).toBe((fault as { times: number }).times);
	});

	test('429 on the sync call is retried as well', async () => {
		emu.fault({ on: 'sync', kind: 'status', status: 429, times: 2 });
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false },
			},
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		expect(statusesOf('sync')).toEqual([429, 429, 200]);
	});

	test('polls are repeated without a count limit until Max Wait, then the item names its task', async () => {
		emu.fault({ on: 'poll', kind: 'status', status: 503, times: -1 });
		const result = await asyncRun({ pollInterval: 0.1, maxWait: 2 });
		expect(result.status).toBe('error');
		const taskId = [...emu.tasks.keys()][0];
		expect(result.error?.message).toBe(`Task ${taskId} did not finish within 2 seconds`);
		expect(statusesOf('poll').length).toBeGreaterThan(8);
		expect(statusesOf('poll').every((status: number) => status === 503)).toBe(true);
		expect(emu.stats().tasksCreated).toBe(1);
	});

	test('a 429 saying the free quota is used up fails the item at once: one create, not repeated', async () => {
		emu.fault({
			on: 'create',
			kind: 'status',
			status: 429,
			code: 'Throttling.AllocationQuota',
			message: 'Free allocated quota exceeded.',
			times: -1,
		});
		const result = await asyncRun();
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^DashScope Throttling.AllocationQuota: Free allocated quota exceeded\./,
		);
		expect(statusesOf('create')).toEqual([429]); // "free quota used up" is not worth repeating
	});
});

describe('uncertain delivery: never submitted twice unless Resubmit When Unsure', () => {
	test('reset after create: one task exists, the item fails saying so', async () => {
		emu.fault({ on: 'create', kind: 'resetAfterCreate' });
		const result = await asyncRun();
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/The connection to DashScope was lost \(ECONNRESET\) after the request was sent/,
		);
		expect(String(result.error?.description)).toMatch(/may have been created and billed/);
		expect(emu.stats().tasksCreated).toBe(1);
		expect(statusesOf('create')).toEqual(['reset']);
	});

	test('reset after create with Resubmit When Unsure: sent once more, succeeds, the emulator holds 2 tasks', async () => {
		emu.fault({ on: 'create', kind: 'resetAfterCreate' });
		const result = await asyncRun({ resubmitUncertain: true });
		expect(result.status).toBe('success');
		expect(emu.stats().tasksCreated).toBe(2);
		expect(statusesOf('create')).toEqual(['reset', 200]);
	});

	test('Resubmit When Unsure resubmits once only', async () => {
		emu.fault({ on: 'create', kind: 'resetAfterCreate', times: 3 });
		const result = await asyncRun({ resubmitUncertain: true });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/after the request was sent/);
		expect(emu.stats().tasksCreated).toBe(2);
	});

	test('a garbled 200 to the create call: the task exists, the item fails naming the risk', async () => {
		emu.fault({ on: 'create', kind: 'malformed' });
		const result = await asyncRun();
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'DashScope answered the create call without a readable task_id',
		);
		expect(String(result.error?.description)).toMatch(/may have been created and billed/);
		expect(emu.stats().tasksCreated).toBe(1);
	});

	test('a garbled 200 to the create call with Resubmit When Unsure: 2 tasks, success', async () => {
		emu.fault({ on: 'create', kind: 'malformed' });
		const result = await asyncRun({ resubmitUncertain: true });
		expect(result.status).toBe('success');
		expect(emu.stats().tasksCreated).toBe(2);
	});

	test('a sync call that loses its connection is not repeated either', async () => {
		emu.fault({ on: 'sync', kind: 'reset' });
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false },
			},
			credentials: credentials(),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/after the request was sent/);
		expect(statusesOf('sync')).toEqual(['reset']);
	});

	test('Submit Task with Resubmit When Unsure returns the second task id', async () => {
		emu.fault({ on: 'create', kind: 'resetAfterCreate' });
		const result = await runWanx({
			parameters: {
				operation: 'submitTask',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: { resubmitUncertain: true },
			},
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		const ids = [...emu.tasks.keys()];
		expect(ids).toHaveLength(2);
		expect(result.items[0].json.taskId).toBe(ids[1]);
	});
});

describe('Request Timeout', () => {
	test('a poll slower than the timeout is abandoned and repeated', async () => {
		emu.fault({ on: 'poll', kind: 'slow', delayMs: 2500, times: 1 });
		const result = await asyncRun({ requestTimeout: 1 });
		expect(result.status).toBe('success');
		expect(statusesOf('poll')[0]).toBe('aborted');
		expect(emu.stats().tasksCreated).toBe(1);
	});

	test('a create slower than the timeout is not repeated: the item says the task may exist', async () => {
		emu.fault({ on: 'create', kind: 'slow', delayMs: 2500, times: 1 });
		const result = await asyncRun({ requestTimeout: 1 });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^The connection to DashScope was lost \(ETIMEDOUT\) after the request was sent/,
		);
		expect(String(result.error?.description)).toMatch(/may have been created and billed/);
		await new Promise((resolve) => setTimeout(resolve, 2000)); // until the emulator's slow handler ends
		expect(statusesOf('create')).toEqual(['aborted']);
	});

	test('… and is sent once more with Resubmit When Unsure', async () => {
		emu.fault({ on: 'create', kind: 'slow', delayMs: 2500, times: 1 });
		const result = await asyncRun({ requestTimeout: 1, resubmitUncertain: true });
		expect(result.status).toBe('success');
		expect(statusesOf('create')).toEqual(['aborted', 200]);
		expect(emu.stats().tasksCreated).toBe(1); // the emulator drops a create whose client left
	});
});

describe('final task statuses', () => {
	// docs/dashscope-notes.md §5.2 (500 family) and §5.3 (the codes a wan task can FAIL with).
	test.each<[string, string | undefined]>([
		['DataInspectionFailed', undefined],
		['IPInfringementSuspect', undefined],
		['InvalidParameter', 'num_images_per_prompt must be 1'],
		['InvalidParameter.DataInspection', undefined],
		['InvalidParameter.FileDownload', undefined],
		['BadRequest.UnsupportedFileFormat', undefined],
		['InternalError.Algo.InvalidParameter', 'Failed to download multimodal content'],
		['InternalError', undefined],
		['InternalError.Algo', undefined],
		['InternalError.Timeout', undefined],
		['SystemError', undefined],
		['ModelServiceFailed', undefined],
	])(
		'FAILED with %s: the item fails with code, message and task_id; the task is not created again',
		async (code, message) => {
			emu.fault({ on: 'create', kind: 'fail', code, ...(message ? { message } : {}) });
			const result = await asyncRun();
			expect(result.status).toBe('error');
			const taskId = [...emu.tasks.keys()][0];
			expect(result.error?.message).toMatch(
				new RegExp(`^DashScope ${code.replace(/\./g, '\\.')}: .+\\(task_id ${taskId}`),
			);
			if (message) expect(result.error?.message).toContain(message);
			expect(emu.stats().tasksCreated).toBe(1);
		},
	);

	test('FAILED with the code at the top level', async () => {
		emu.fault({
			on: 'create',
			kind: 'fail',
			code: 'InvalidParameter',
			message: 'num_images_per_prompt must be 1',
			where: 'top',
		});
		const result = await asyncRun();
		expect(result.error?.message).toMatch(
			/^DashScope InvalidParameter: num_images_per_prompt must be 1 \(task_id /,
		);
	});

	test('UNKNOWN: the task does not exist or has expired', async () => {
		emu.fault({ on: 'poll', kind: 'unknown' });
		const result = await asyncRun();
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^DashScope TaskUnknown: The task does not exist or has expired/,
		);
		expect(emu.stats().tasksCreated).toBe(1);
	});

	test('CANCELED (canceled elsewhere while PENDING)', async () => {
		emu.configure({ taskTimings: { pendingMs: 30_000, runningMs: 30 } });
		const cancelWhenCreated = async () => {
			while (emu.tasks.size === 0) await new Promise((resolve) => setTimeout(resolve, 20));
			const [taskId] = [...emu.tasks.keys()];
			const response = await fetch(`${emu.apiUrl}/tasks/${taskId}/cancel`, {
				method: 'POST',
				headers: { authorization: `Bearer ${KEY}` },
			});
			expect(response.status).toBe(200);
		};
		const [result] = await Promise.all([asyncRun(), cancelWhenCreated()]);
		expect(result.status).toBe('error');
		// The execution itself ends as an error, not as "canceled" by the user.
		expect(result.error?.message).toMatch(
			/^DashScope TaskCanceled: The task was cancelled on DashScope before it started/,
		);
		expect(emu.stats().tasksCreated).toBe(1);
	});
});
