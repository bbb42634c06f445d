/**
 * One account on the DashScope emulator, as the fault and many-item tests run it: DashScope's
 * default limits (§6.1), image generations through Generate via Async Task, and the emulator
 * reset to the file's task times after each test.
 */
import { runWanx, type RunResult } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';

export const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
export const DEFAULT_LIMITS = {
	submitPerSecond: 5,
	runningTasks: 5,
	queriesPerSecond: 20,
	countSync: true,
};

type Emulator = ReturnType<typeof useEmulator>;

/** The emulator for this file, its credentials and one async generation per item (polled every 50 ms). */
export function useEmulatorAccount(
	tasks: { pendingMs: number; runningMs: number; syncMs: number },
	options: Record<string, unknown> = {},
) {
	const emu: Emulator = useEmulator({
		taskTimings: tasks,
		limits: DEFAULT_LIMITS,
		randomSeed: 7,
		...options,
	});
	const credentials = () => ({ apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url });
	const asyncRun = (
		runOptions: Record<string, unknown> = {},
		extra: Partial<Parameters<typeof runWanx>[0]> = {},
	): Promise<RunResult> =>
		runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: 'a cat on a sofa',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, pollInterval: 0.05, ...runOptions },
			},
			credentials: credentials(),
			...extra,
		});
	/** HTTP statuses the emulator answered to calls of one kind (create, poll, …), in order. */
	const statusesOf = (kind: string) =>
		emu.requests
			.filter((r: { kind: string }) => r.kind === kind)
			.map((r: { status: number }) => r.status);
	afterEach(() => {
		emu.reset();
		emu.configure({ taskTimings: { ...tasks, byPrompt: [] }, limits: DEFAULT_LIMITS });
	});
	return { emu, credentials, asyncRun, statusesOf };
}
