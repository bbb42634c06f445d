/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake keys of the local emulator and nock */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * The Wanx node inside n8n's real engine: both endpoints, both modes, task failures, timeouts,
 * cancellation, API errors and Continue On Fail. HTTP is mocked by nock; no request leaves.
 */
import nock from 'nock';

import {
	PATH,
	created,
	errorBody,
	failedInOutput,
	failedTopLevel,
	running,
	succeededEdit,
	succeededInterleave,
	syncEdit,
	unknownTask,
} from './fixtures';
import { API_KEY, BASE_URL, runWanx } from './harness';
import { useNock } from './net';

/** A real Error: nock hands plain objects to axios in a way that never settles. */
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
const fast = { pollInterval: 0.01, downloadImages: false };

const editParams = (extra: Record<string, unknown> = {}) => ({
	operation: 'generateAsync',
	prompt: 'Put the cat on a sofa',
	referenceImages: { images: [IMAGE] },
	options: fast,
	...extra,
});

useNock();

describe('Generate (sync)', () => {
	test('edit: sends the documented body with n=1 and returns URLs, usage and request id', async () => {
		let sent: any;
		nock(BASE_URL, {
			reqheaders: { authorization: `Bearer ${API_KEY}` },
			badheaders: ['x-dashscope-async', 'x-dashscope-sse'],
		})
			.post(PATH.sync, (body) => ((sent = body), true))
			.reply(200, syncEdit(['https://result.test/1.png']));
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'Use the style of image 1 and the background of image 2',
				referenceImages: { images: [IMAGE, { source: 'url', url: 'https://input.test/bg.webp' }] },
				size: '1K',
				options: { downloadImages: false, watermark: false, seed: 42 },
			},
		});
		expect(result.status).toBe('success');
		expect(sent).toEqual({
			model: 'wan2.6-image',
			input: {
				messages: [
					{
						role: 'user',
						content: [
							{ text: 'Use the style of image 1 and the background of image 2' },
							{ image: 'https://input.test/cat.png' },
							{ image: 'https://input.test/bg.webp' },
						],
					},
				],
			},
			parameters: { enable_interleave: false, n: 1, size: '1K', watermark: false, seed: 42 },
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			model: 'wan2.6-image',
			mode: 'edit',
			images: ['https://result.test/1.png'],
			usage: { image_count: 1, size: '1376*768' },
			requestId: 'a3f4befe-cacd-49c9-8298-000000000001',
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('the workspace header goes with every call when the credential has one', async () => {
		nock(BASE_URL, { reqheaders: { 'x-dashscope-workspace': 'llm-ws123' } })
			.post(PATH.sync)
			.reply(200, syncEdit());
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: fast,
			},
			credentials: {
				apiKey: API_KEY,
				region: 'custom',
				baseUrl: `${BASE_URL}/api/v1/`,
				workspaceId: 'llm-ws123',
			},
		});
		expect(result.status).toBe('success');
	});

	test('Frankfurt is refused for the sync endpoint before anything is sent', async () => {
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: fast,
			},
			credentials: { apiKey: API_KEY, region: 'eu-central-1', workspaceId: 'llm-eu1' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Frankfurt/);
	});
});

describe('Generate via Async Task', () => {
	test('create → RUNNING polls → SUCCEEDED, with the async header and the task fields', async () => {
		const scope = nock(BASE_URL, { reqheaders: { authorization: `Bearer ${API_KEY}` } })
			.post(PATH.async)
			.matchHeader('x-dashscope-async', 'enable')
			.reply(200, created('t-1'))
			.get(PATH.task('t-1'))
			.times(2)
			.reply(200, running('t-1'))
			.get(PATH.task('t-1'))
			.reply(200, succeededEdit('t-1'));
		const result = await runWanx({ parameters: editParams({ n: 2 }) });
		expect(result.status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(result.items[0].json).toMatchObject({
			images: ['https://result.test/1.png', 'https://result.test/2.png'],
			taskId: 't-1',
			taskStatus: 'SUCCEEDED',
			requestId: 'create-t-1',
			submitTime: '2025-12-16 04:21:02.275',
			scheduledTime: '2025-12-16 04:21:02.304',
			endTime: '2025-12-16 04:24:46.658',
			usage: { image_count: 2 },
		});
	});

	test('interleave (text-to-image without images): text and images in order', async () => {
		let sent: any;
		nock(BASE_URL)
			.post(PATH.async, (body) => ((sent = body), true))
			.reply(200, created('t-i'))
			.get(PATH.task('t-i'))
			.reply(200, succeededInterleave('t-i'));
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				mode: 'interleave',
				prompt: 'A 2-step recipe',
				maxImages: 2,
				options: fast,
			},
		});
		expect(result.status).toBe('success');
		expect(sent.parameters).toEqual({ enable_interleave: true, max_images: 2 });
		expect(sent.input.messages[0].content).toEqual([{ text: 'A 2-step recipe' }]);
		expect(result.items[0].json).toMatchObject({
			mode: 'interleave',
			images: ['https://result.test/step1.png', 'https://result.test/step2.png'],
			text: 'First, prepare the ingredients.\n\nNext, stir-fry.',
			parts: [
				{ type: 'text', text: 'First, prepare the ingredients.' },
				{ type: 'image', url: 'https://result.test/step1.png' },
				{ type: 'text', text: 'Next, stir-fry.' },
				{ type: 'image', url: 'https://result.test/step2.png' },
			],
		});
	});

	test.each([
		[
			'code inside output',
			failedInOutput,
			/InvalidParameter\.FileDownload: download for input_image error/,
		],
		['code at the top level', failedTopLevel, /InvalidParameter: num_images_per_prompt must be 1/],
	])('FAILED task (%s) reports task_id, code and message', async (_name, body, pattern) => {
		nock(BASE_URL)
			.post(PATH.async)
			.reply(200, created('t-f'))
			.get(PATH.task('t-f'))
			.reply(200, body('t-f'));
		const result = await runWanx({ parameters: editParams() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(pattern);
		expect(result.error?.message).toContain('task_id t-f');
	});

	test('UNKNOWN ends the wait with a clear error', async () => {
		nock(BASE_URL)
			.post(PATH.async)
			.reply(200, created('t-u'))
			.get(PATH.task('t-u'))
			.reply(200, unknownTask('t-u'));
		const result = await runWanx({ parameters: editParams() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/does not exist or has expired/);
		expect(result.error?.message).toContain('t-u');
	});

	test('a task that outlives Max Wait fails with its task_id', async () => {
		nock(BASE_URL)
			.post(PATH.async)
			.reply(200, created('t-slow'))
			.get(PATH.task('t-slow'))
			.times(1000)
			.optionally()
			.reply(200, running('t-slow'));
		const result = await runWanx({
			parameters: editParams({ options: { ...fast, pollInterval: 0.05, maxWait: 0.3 } }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Task t-slow did not finish within 0 seconds');
		expect(String(result.error?.description)).toContain('Get Task');
	});

	test('cancelling the execution stops polling at once', async () => {
		let polls = 0;
		let stopped = false;
		nock(BASE_URL)
			.post(PATH.async)
			.reply(200, created('t-c'))
			.get(PATH.task('t-c'))
			.times(1000)
			.optionally()
			// After Stop the task ends: the one status check that holds its slot sees it finished.
			.reply(200, () => ((polls += 1), stopped ? succeededEdit('t-c') : running('t-c')))
			// The stopped run cancels its task (a running one: DashScope refuses, it stays listed).
			.post(PATH.cancel('t-c'))
			.optionally()
			.reply(400, errorBody('UnsupportedOperation', 'Failed to cancel the task'));
		const result = await runWanx({
			parameters: editParams({ options: { ...fast, pollInterval: 0.05 } }),
			// Once polling is under way (however slow the machine), as a user would press Stop.
			onStart: (cancel) => {
				const timer = setInterval(
					() => polls > 0 && (clearInterval(timer), (stopped = true), cancel()),
					20,
				);
			},
		});
		const pollsAtEnd = polls;
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(result.status).toBe('canceled');
		expect(polls).toBe(pollsAtEnd);
		expect(polls).toBeGreaterThan(0);
		// The item's polling ended; its running task's slot is held until one slower status check
		// shows the task finished (the next execution would otherwise meet the account's limit).
		for (let i = 0; i < 100 && polls === pollsAtEnd; i++)
			await new Promise((resolve) => setTimeout(resolve, 50));
		expect(polls).toBe(pollsAtEnd + 1);
	});

	test('transient poll failures (503, 429, a reset) are waited out', async () => {
		nock(BASE_URL)
			.post(PATH.async)
			.reply(200, created('t-r'))
			.get(PATH.task('t-r'))
			.reply(503, errorBody('ModelUnavailable', 'Model is unavailable, please try again later.'))
			.get(PATH.task('t-r'))
			.reply(
				429,
				errorBody('Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.'),
			)
			.get(PATH.task('t-r'))
			.replyWithError(connectionReset())
			.get(PATH.task('t-r'))
			.reply(200, succeededEdit('t-r', ['https://result.test/r.png']));
		const result = await runWanx({ parameters: editParams() });
		expect(result.status).toBe('success');
		expect(result.items[0].json.images).toEqual(['https://result.test/r.png']);
	});
});

describe('API errors', () => {
	test.each([
		[
			400,
			'InvalidParameter',
			'Required parameter(s) missing or invalid, please check the request parameters.',
		],
		[401, 'InvalidApiKey', 'Invalid API-key provided.'],
		[400, 'DataInspectionFailed', 'Input or output data may contain inappropriate content.'],
		[403, 'AccessDenied', 'current user api does not support synchronous calls'],
	])('HTTP %s %s surfaces code, message and request_id', async (status, code, message) => {
		nock(BASE_URL)
			.post(PATH.sync)
			.reply(status, errorBody(code, message, 'req-err-1'));
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [IMAGE] },
				options: fast,
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`DashScope ${code}: ${message} (request_id req-err-1)`);
		if (code === 'DataInspectionFailed')
			expect(String(result.error?.description)).toMatch(
				/retrying the same request will fail again/,
			);
	});

	test('429 on create is retried, then succeeds: one task created', async () => {
		nock(BASE_URL)
			.post(PATH.async)
			.reply(
				429,
				errorBody('Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.'),
				{ 'Retry-After': '0' },
			)
			.post(PATH.async)
			.reply(200, created('t-429'))
			.get(PATH.task('t-429'))
			.reply(200, succeededEdit('t-429'));
		const result = await runWanx({ parameters: editParams() });
		expect(result.status).toBe('success');
		expect(result.items[0].json.taskId).toBe('t-429');
	});

	test('429 that persists fails with DashScope code after bounded attempts (Submit Task: 5)', async () => {
		nock(BASE_URL)
			.post(PATH.async)
			.times(5)
			.reply(
				429,
				errorBody(
					'Throttling.RateQuota',
					'Requests rate limit exceeded, please try again later.',
					'req-429',
				),
				{ 'Retry-After': '0' },
			);
		const result = await runWanx({
			parameters: editParams({ operation: 'submitTask', options: {} }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'DashScope Throttling.RateQuota: Requests rate limit exceeded, please try again later. (request_id req-429)',
		);
	});

	test('Generate via Async Task keeps retrying a 429 on create for up to Max Wait, then fails with the code', async () => {
		let attempts = 0;
		nock(BASE_URL)
			.post(PATH.async)
			.times(1000)
			.optionally()
			.reply(
				() => (
					(attempts += 1),
					[
						429,
						errorBody(
							'Throttling.RateQuota',
							'Requests rate limit exceeded, please try again later.',
							'req-429b',
						),
						{ 'Retry-After': '0.1' },
					]
				),
			);
		// Another key: the account's submission gate is shared by every run of the process, and the
		// previous test just used up this second's submissions of the default key.
		const credentials = {
			apiKey: 'sk-engine-test-429-account',
			region: 'custom',
			baseUrl: BASE_URL,
		};
		const result = await runWanx({
			parameters: editParams({ options: { ...fast, maxWait: 1 } }),
			credentials,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'DashScope Throttling.RateQuota: Requests rate limit exceeded, please try again later. (request_id req-429b)',
		);
		expect(attempts).toBeGreaterThan(5);
		expect(attempts).toBeLessThanOrEqual(11);
	});

	test('"Free allocated quota exceeded" is not retried', async () => {
		nock(BASE_URL)
			.post(PATH.async)
			.once()
			.reply(429, errorBody('Throttling.AllocationQuota', 'Free allocated quota exceeded.'));
		const result = await runWanx({ parameters: editParams() });
		expect(result.status).toBe('error');
		expect(String(result.error?.description)).toMatch(/free quota/i);
	});

	test('a connection lost after the create call is not resubmitted and says the task may exist', async () => {
		nock(BASE_URL).post(PATH.async).once().replyWithError(connectionReset());
		const result = await runWanx({ parameters: editParams() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/after the request was sent/);
		expect(String(result.error?.description)).toMatch(/may have been created/);
	});
});

describe('Continue On Fail', () => {
	test('every input item yields one output item, paired, in input order', async () => {
		nock(BASE_URL)
			.post(PATH.sync, (body) => body.input.messages[0].content[0].text === 'good')
			.times(2)
			.reply(200, syncEdit())
			.post(PATH.sync, (body) => body.input.messages[0].content[0].text === 'rejected')
			.reply(
				400,
				errorBody(
					'DataInspectionFailed',
					'Input or output data may contain inappropriate content.',
					'req-bad',
				),
			);
		const result = await runWanx({
			continueOnFail: true,
			parameters: {
				operation: 'generate',
				prompt: '={{ $json.prompt }}',
				referenceImages: { images: [IMAGE] },
				n: '={{ $json.n }}',
				options: fast,
			},
			items: [
				{ json: { prompt: 'good', n: 1 } },
				{ json: { prompt: 'rejected', n: 1 } },
				{ json: { prompt: 'good', n: 9 } },
				{ json: { prompt: 'good', n: 1 } },
			],
		});
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(result.items[0].json.images).toHaveLength(1);
		expect(result.items[1].json).toMatchObject({
			code: 'DataInspectionFailed',
			requestId: 'req-bad',
			httpCode: '400',
		});
		expect(result.items[1].json.error).toMatch(/DataInspectionFailed/);
		expect(result.items[2].json.error).toBe(
			'Number of Images must be a whole number from 1 to 4; got 9 [item 2]',
		);
		expect(result.items[3].json.images).toHaveLength(1);
	});
});
