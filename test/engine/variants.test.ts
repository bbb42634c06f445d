/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * The node's guarantees under every reading of what DashScope does where neither its docs nor a
 * recorded answer settle it (test/emulator/variants.js, docs/dashscope-notes.md §11): every item
 * completes once, nothing is created twice, a refusal that cannot succeed is not repeated, and
 * the error names DashScope's code and request id.
 */
import { runWanx, type RunResult } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_VARIANTS } = require('../emulator/variants');

const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
// The account really has 3 slots; the credential says 5 (its default), so the node over-submits
// and the service's own answer to a create over the limit decides what happens.
const LIMITS = { submitPerSecond: 0, runningTasks: 3, queriesPerSecond: 0, countSync: true };
const TASKS = { pendingMs: 0, runningMs: 150, syncMs: 60, sseFrameMs: 0 };

const emu = useEmulator({ taskTimings: TASKS, limits: LIMITS });
const credentials = () => ({ apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url });
const requestsOf = (kind: string) => emu.requests.filter((r: any) => r.kind === kind);
const promptOf = (r: any) => r.body.input.messages[0].content[0].text;

afterEach(() => {
	emu.reset();
	emu.configure({ taskTimings: TASKS, limits: LIMITS });
	emu.configure({ variants: DEFAULT_VARIANTS });
});

function run(
	parameters: Record<string, unknown>,
	prompts: string[],
	extra: Partial<Parameters<typeof runWanx>[0]> = {},
): Promise<RunResult> {
	return runWanx({
		parameters: { prompt: '={{ $json.prompt }}', ...parameters },
		items: prompts.map((prompt) => ({ json: { prompt } })),
		credentials: credentials(),
		...extra,
	});
}

const twenty = Array.from({ length: 20 }, (_, i) => `item ${i}`);

describe.each(['throttle', 'queue'])('a create over the running-task limit: %s', (variant) => {
	beforeEach(() => emu.configure({ variants: { overLimitCreate: variant } }));

	test('20 items against 3 real slots: each completes, one task each, no duplicate', async () => {
		// Tasks outlast the node's spacing of creates, so a fourth create meets three running.
		emu.configure({ taskTimings: { runningMs: 1000 } });
		const result = await run(
			{
				operation: 'generateAsync',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, pollInterval: 0.05, concurrency: 20 },
			},
			twenty,
		);
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.json.taskStatus)).toEqual(Array(20).fill('SUCCEEDED'));
		const taskIds = result.items.map((item) => item.json.taskId);
		expect(new Set(taskIds).size).toBe(20);
		const accepted = requestsOf('create').filter((r: any) => r.status === 200);
		expect(accepted.map(promptOf).sort()).toEqual([...twenty].sort());
		expect(emu.stats().tasksCreated).toBe(20);
		if (variant === 'throttle') {
			// The path is shown: refusals happened and were retried.
			expect(emu.stats().throttledBy.runningTasks).toBeGreaterThan(0);
		} else {
			// Accepted over the limit, then queued at DashScope: no refusal at all.
			expect(emu.stats().throttled).toBe(0);
			expect(emu.stats().peakRunning).toBeGreaterThan(3);
		}
	});
});

describe.each([true, false])('sync calls hold a running-task slot: %s', (countSync) => {
	beforeEach(() => emu.configure({ limits: { ...LIMITS, countSync } }));

	test('8 sync items with 2 async tasks of another run: each item answered once', async () => {
		emu.configure({ taskTimings: { runningMs: 1500 } });
		const other = run(
			{
				operation: 'generateAsync',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, pollInterval: 0.05 },
			},
			['other 1', 'other 2'],
		);
		const prompts = Array.from({ length: 8 }, (_, i) => `sync ${i}`);
		const result = await run(
			{
				operation: 'generate',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency: 8 },
			},
			prompts,
		);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(8);
		for (const item of result.items) expect(item.json.images).toHaveLength(1);
		const answered = requestsOf('sync').filter((r: any) => r.status === 200);
		expect(answered.map(promptOf).sort()).toEqual(prompts.sort());
		expect((await other).status).toBe('success');
		if (countSync) expect(emu.stats().throttledBy.runningTasks).toBeGreaterThan(0);
		else expect(emu.stats().throttled).toBe(0);
	});
});

describe.each(['refuse', 'ignore', 'failTask'])(
	'a parameter wan2.7 does not take: %s',
	(variant) => {
		beforeEach(() => emu.configure({ variants: { unsupportedParameter: variant } }));

		test.each([
			['generate', 'sync'],
			['generateAsync', 'create'],
		])(
			'%s with every wan2.7 option: succeeds, and only wan2.7 parameters are sent',
			async (operation, kind) => {
				const result = await run(
					{
						model: 'wan2.7-image',
						operation,
						size: '1K',
						n: 1,
						options: {
							downloadImages: false,
							pollInterval: 0.05,
							seed: 7,
							watermark: true,
							thinkingMode: true,
						},
					},
					['a lighthouse at dusk'],
				);
				expect(result.status).toBe('success');
				expect(result.items[0].json.images).toHaveLength(1);
				const sent = requestsOf(kind)[0].body.parameters;
				const takes = [
					'n',
					'size',
					'watermark',
					'seed',
					'thinking_mode',
					'bbox_list',
					'color_palette',
					'enable_sequential',
				];
				for (const key of Object.keys(sent)) expect(takes).toContain(key);
				expect(requestsOf(kind)).toHaveLength(1);
			},
		);
	},
);

describe.each(['inStream', 'http'])(
	'an SSE error before the first frame answered with HTTP status: %s',
	(variant) => {
		beforeEach(() => emu.configure({ variants: { sseErrorStatus: variant } }));
		const interleave = {
			operation: 'generate',
			model: 'wan2.6-image',
			mode: 'interleave',
			maxImages: 1,
			options: { downloadImages: false },
		};

		test('429 Throttling in the stream: retried, then the item succeeds', async () => {
			emu.fault({ on: 'sync', kind: 'sseError', status: 429, code: 'Throttling.RateQuota' });
			const result = await run(interleave, ['a two-step recipe']);
			expect(result.status).toBe('success');
			expect(result.items[0].json.images).toHaveLength(1);
			expect(requestsOf('sync')).toHaveLength(2);
		});

		test('400 InvalidParameter in the stream: not repeated, the error names code and request id', async () => {
			emu.fault({
				on: 'sync',
				kind: 'sseError',
				status: 400,
				code: 'InvalidParameter',
				message: 'bad input',
			});
			const result = await run(interleave, ['a two-step recipe'], { continueOnFail: true });
			expect(requestsOf('sync')).toHaveLength(1);
			const error = result.items[0].json.error as string;
			expect(error).toContain('InvalidParameter');
			expect(error).toMatch(/request_id [0-9a-f-]{36}/);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
		});
	},
);

describe.each(['ModelNotFound', 'InvalidParameter'])(
	'an unknown model answered with %s',
	(variant) => {
		beforeEach(() => emu.configure({ variants: { unknownModel: variant } }));

		test.each(['generate', 'generateAsync'])(
			'%s: one request, no task, the error names the code',
			async (operation) => {
				const result = await run(
					{
						model: 'wan9-image',
						operation,
						referenceImages: { images: [IMAGE] },
						options: { downloadImages: false, pollInterval: 0.05 },
					},
					['a lighthouse'],
					{ continueOnFail: true },
				);
				expect(emu.requests).toHaveLength(1);
				expect(emu.stats().tasksCreated).toBe(0);
				expect(result.items[0].json.error).toContain(variant);
				// Both answers point the user at the Model field.
				expect(JSON.stringify(result.items[0].json)).toContain('Check the Model field');
				expect(result.items[0].json.error).toMatch(/request_id [0-9a-f-]{36}/);
			},
		);
	},
);
