/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * The money and bad-input rules against the emulator (real sockets): nothing doomed is sent (every item checked before
 * the first request), nothing billed is lost (result downloads retried; a download that fails
 * keeps the task id, request id and URLs), a body that is not an image is not stored as one, and
 * error JSON keeps `httpCode` an HTTP status. Each case asserts the emulator's request log.
 */
import { runWanx, type RunResult } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';

const KEY = EMULATOR_KEY;
const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
const emu = useEmulator({
	taskTimings: { pendingMs: 0, runningMs: 30, syncMs: 0 },
	limits: false,
	randomSeed: 9,
});
const credentials = () => ({ apiKey: KEY, region: 'custom', baseUrl: emu.url });
const kinds = () => emu.requests.map((r: any) => r.kind);
const statusesOf = (kind: string) =>
	emu.requests.filter((r: any) => r.kind === kind).map((r: any) => r.status);

function run(
	parameters: Record<string, unknown>,
	extra: Partial<Parameters<typeof runWanx>[0]> = {},
): Promise<RunResult> {
	return runWanx({
		parameters: {
			operation: 'generateAsync',
			prompt: 'a cat',
			referenceImages: { images: [IMAGE] },
			...parameters,
			options: { pollInterval: 0.05, ...(parameters.options as object) },
		},
		credentials: credentials(),
		...extra,
	});
}

afterEach(() => emu.reset());

describe('every item is checked before the first request (point 2)', () => {
	const items = [{ p: 'one' }, { p: 'two' }, { p: '' }, { p: 'four' }, { p: 'five' }].map(
		(json) => ({ json }),
	);
	const params = { prompt: '={{ $json.p }}', options: { downloadImages: false, concurrency: 1 } };

	test('without Continue On Fail, an empty prompt on item 2 of 5: nothing is sent at all', async () => {
		const result = await run(params, { items });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Prompt is empty: describe the image you want [item 2]');
		expect(emu.requests).toEqual([]);
		expect(emu.stats().tasksCreated).toBe(0);
	});

	test('with Continue On Fail, the bad item becomes an error item and the four good ones run', async () => {
		const result = await run(params, { items, continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(result.items[2].json.error).toBe(
			'Prompt is empty: describe the image you want [item 2]',
		);
		expect(
			result.items.filter((_, i) => i !== 2).every((item) => item.json.taskStatus === 'SUCCEEDED'),
		).toBe(true);
		expect([...emu.tasks.values()].map((task: any) => task.prompt)).toEqual([
			'one',
			'two',
			'four',
			'five',
		]);
	});

	test('an item whose prompt expression finds no field is an error item, not a task for "undefined" (point 1)', async () => {
		const result = await run(
			{ prompt: '={{ $json.text }}', options: { downloadImages: false } },
			{
				items: [{ json: { text: 'a fox' } }, { json: {} }, { json: { text: { nested: true } } }],
				continueOnFail: true,
			},
		);
		expect(result.items.map((item) => item.json.error ?? item.json.taskStatus)).toEqual([
			'SUCCEEDED',
			'Prompt is empty: the expression gave nothing (undefined) [item 1]',
			'Prompt must be text; got an object [item 2]',
		]);
		expect([...emu.tasks.values()].map((task: any) => task.prompt)).toEqual(['a fox']);
	});

	test('Number of Images given as text "2" is accepted and sent as the number 2 (point 1)', async () => {
		const result = await run({ n: '={{ "2" }}', options: { downloadImages: false } });
		expect(result.status).toBe('success');
		const create = emu.requests.find((r: any) => r.kind === 'create');
		expect(create.body.parameters.n).toBe(2);
	});
});

describe('result downloads are retried and never lose a paid result (point 6)', () => {
	test.each<[string, object, Array<number | string>]>([
		['503 twice', { on: 'result', kind: 'status', status: 503, times: 2 }, [503, 503, 200]],
		['429 once', { on: 'result', kind: 'status', status: 429, times: 1 }, [429, 200]],
		['a reset', { on: 'result', kind: 'reset', times: 1 }, ['reset', 200]],
		['a body cut short', { on: 'result', kind: 'truncate', times: 1 }, ['reset', 200]],
		[
			'half a PNG under a matching length',
			{ on: 'result', kind: 'malformed', times: 1 },
			[200, 200],
		],
	])(
		'%s: downloaded on a later attempt, one task',
		async (_name, fault, statuses) => {
			emu.fault(fault);
			const result = await run({});
			expect(result.error).toBeUndefined();
			const binary = result.items[0].binary!;
			expect(Object.keys(binary)).toEqual(['data']);
			expect(binary.data.mimeType).toBe('image/png');
			expect(statusesOf('result')).toEqual(statuses);
			expect(emu.stats().tasksCreated).toBe(1);
		},
		30_000,
	);

	test('a body that stalls longer than the Request Timeout is abandoned and fetched again', async () => {
		emu.fault({ on: 'result', kind: 'stall', delayMs: 4000, times: 1 });
		const result = await run({ options: { requestTimeout: 1 } });
		expect(result.error).toBeUndefined();
		expect(Object.keys(result.items[0].binary!)).toEqual(['data']);
		expect(statusesOf('result')).toHaveLength(2);
	}, 30_000);

	test('a download that keeps failing: the error item keeps taskId, requestId and the URLs, and names image, URL and cause', async () => {
		emu.fault({ on: 'result', kind: 'status', status: 503, times: -1 });
		const result = await run({}, { continueOnFail: true });
		const [item] = result.items;
		const taskId = [...emu.tasks.keys()][0];
		expect(item.json).toMatchObject({
			taskId,
			requestId: expect.any(String),
			images: [expect.stringContaining('/results/')],
		});
		const url = String((item.json.images as string[])[0]).split('?')[0];
		expect(item.json.error).toBe(
			`Result image 1 could not be downloaded from ${url}: HTTP 503 (4 attempts)`,
		);
		expect(statusesOf('result')).toEqual([503, 503, 503, 503]);
		expect(emu.stats().tasksCreated).toBe(1);
	}, 60_000);

	test('a body cut on every attempt says so in words, not "aborted"', async () => {
		emu.fault({ on: 'result', kind: 'truncate', times: -1 });
		const result = await run({}, { continueOnFail: true });
		expect(result.items[0].json.error).toMatch(
			/^Result image 1 could not be downloaded from http:\/\/127\.0\.0\.1:\d+\/results\/\S+\.png: the connection was cut after \d+ bytes \(\w+\) \(4 attempts\)$/,
		);
		expect(result.items[0].json.taskId).toBe([...emu.tasks.keys()][0]);
	}, 60_000);
});

describe('a body that is not an image is not stored as one (point 7)', () => {
	test('a result link answering a text/html page fails that image at once, naming status and content type', async () => {
		emu.fault({ on: 'result', kind: 'html', times: 1 });
		const result = await run({}, { continueOnFail: true });
		expect(result.items[0].json.error).toMatch(
			/^Result image 1 could not be downloaded from .+: the link answered HTTP 200 with text\/html \(\d+ bytes\), which is not an image$/,
		);
		expect(result.items[0].binary).toBeUndefined();
		expect(statusesOf('result')).toEqual([200]); // not repeated: a sign-in page does not turn into an image
	});
});

describe('a success answer without a result is an error (point 8)', () => {
	test('a sync 200 with an HTML page: NoResult with the request id', async () => {
		emu.fault({ on: 'sync', kind: 'malformed', body: '<!doctype html><html>gateway</html>' });
		const result = await run({ operation: 'generate', options: { downloadImages: false } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^DashScope NoResult: DashScope reported success, but the answer is unreadable: an HTML page .*\(request_id [0-9a-f-]{36}\)$/,
		);
		expect(statusesOf('sync')).toEqual([200]);
	});

	test('a sync 200 with {}: NoResult, no images', async () => {
		emu.fault({ on: 'sync', kind: 'malformed', body: '{}' });
		const result = await run({ operation: 'generate', options: { downloadImages: false } });
		expect(result.error?.message).toMatch(
			/^DashScope NoResult: DashScope reported success, but the answer holds no images/,
		);
	});

	test('status answers that are never readable end as "unreadable", not as a plain timeout', async () => {
		emu.fault({ on: 'poll', kind: 'malformed', times: -1 });
		const result = await run({ options: { downloadImages: false, pollInterval: 0.1, maxWait: 1 } });
		const taskId = [...emu.tasks.keys()][0];
		expect(result.error?.message).toMatch(
			new RegExp(
				`^Task ${taskId} did not finish within 1 seconds: the last \\d+ status answers were unreadable`,
			),
		);
		expect(statusesOf('poll').every((status: number) => status === 200)).toBe(true);
	});
});

describe('httpCode is an HTTP status or nothing (point 10)', () => {
	test('a task FAILED with DataInspectionFailed: code holds it, httpCode is absent', async () => {
		emu.fault({ on: 'create', kind: 'fail', code: 'DataInspectionFailed' });
		const result = await run({ options: { downloadImages: false } }, { continueOnFail: true });
		expect(result.items[0].json.code).toBe('DataInspectionFailed');
		expect(result.items[0].json).not.toHaveProperty('httpCode');
	});

	test('a 400 answer keeps httpCode "400"', async () => {
		emu.fault({
			on: 'create',
			kind: 'status',
			status: 400,
			code: 'InvalidParameter',
			message: 'bad',
		});
		const result = await run({ options: { downloadImages: false } }, { continueOnFail: true });
		expect(result.items[0].json).toMatchObject({ code: 'InvalidParameter', httpCode: '400' });
		expect(kinds()).toEqual(['create']);
	});
});
