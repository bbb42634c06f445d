/**
 * Unusual answers, scripted (nock): result URLs the node refuses to fetch, a SUCCEEDED task
 * without images, the stored mime type taken from the bytes, and a Frankfurt workspace domain
 * given as Custom Base URL.
 */
import nock from 'nock';

import { PATH, created, succeededEdit } from './fixtures';
import { API_KEY, BASE_URL, runWanx } from './harness';
import { jpegHead, png } from './images';
import { useNock } from './net';

useNock();

const params = (options: Record<string, unknown> = {}) => ({
	operation: 'generateAsync',
	prompt: 'a cat',
	referenceImages: { images: [{ source: 'url', url: 'https://input.test/a.png' }] },
	options: { pollInterval: 0.01, ...options },
});

/** A task that succeeds with these result URLs. */
const taskWith = (id: string, urls: string[]) =>
	nock(BASE_URL)
		.post(PATH.async)
		.reply(200, created(id))
		.get(PATH.task(id))
		.reply(200, succeededEdit(id, urls));

describe('result URLs are fetched over http(s) only, never from loopback or link-local hosts', () => {
	test.each<[string, string, RegExp]>([
		[
			'loopback',
			'http://127.0.0.1:8080/admin',
			/its URL points to a loopback address \(127\.0\.0\.1\)/,
		],
		[
			'cloud metadata',
			'http://169.254.169.254/latest/meta-data/',
			/its URL points to a link-local address \(169\.254\.169\.254\)/,
		],
		[
			'file:',
			'file:///etc/passwd',
			/its URL uses file: — results are downloaded over http\(s\) only/,
		],
	])(
		'%s: refused, nothing fetched, the error item keeps the URL and task id',
		async (_name, url, pattern) => {
			taskWith('t-url', [url]);
			const result = await runWanx({ parameters: params(), continueOnFail: true });
			const [item] = result.items;
			expect(item.json.error).toMatch(/^Result image 1 was not downloaded: /);
			expect(item.json.error).toMatch(pattern);
			expect(item.json).toMatchObject({ taskId: 't-url', images: [url] });
			// useNock's afterEach checks every mock was used; net connect is off, so any other fetch would fail differently.
		},
	);
});

test('a SUCCEEDED task without images is an error with its task id, not an empty success', async () => {
	nock(BASE_URL)
		.post(PATH.async)
		.reply(200, created('t-empty'))
		.get(PATH.task('t-empty'))
		.reply(200, succeededEdit('t-empty', []));
	const result = await runWanx({ parameters: params() });
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe(
		'DashScope NoResult: DashScope reported success, but the answer holds no images (task_id t-empty, request_id create-t-empty)',
	);
});

test('the stored mime type and file extension come from the bytes, not the Content-Type', async () => {
	const jpeg = Buffer.concat([
		jpegHead(1024, 768).subarray(0, -2),
		Buffer.alloc(100, 1),
		Buffer.from([0xff, 0xd9]),
	]);
	taskWith('t-mime', ['https://result.test/1.png', 'https://result.test/2.png']);
	nock('https://result.test')
		.get('/1.png')
		.reply(200, png(300, 300), { 'Content-Type': 'application/octet-stream' })
		.get('/2.png')
		.reply(200, jpeg, { 'Content-Type': 'image/png' });
	const result = await runWanx({ parameters: params() });
	expect(result.status).toBe('success');
	const binary = result.items[0].binary!;
	expect(binary.data).toMatchObject({ mimeType: 'image/png', fileName: 'wanx-t-mime-1.png' });
	expect(binary.data_1).toMatchObject({ mimeType: 'image/jpeg', fileName: 'wanx-t-mime-2.jpg' });
});

test('a Frankfurt workspace domain given as Custom Base URL is Frankfurt: Generate (sync) is refused before sending', async () => {
	const result = await runWanx({
		parameters: { ...params({ downloadImages: false }), operation: 'generate' },
		credentials: {
			apiKey: API_KEY,
			region: 'custom',
			baseUrl: 'https://llm-abc.eu-central-1.maas.aliyuncs.com/api/v1',
		},
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe('Germany (Frankfurt) only offers the async API');
});

describe('fewer images than asked for: the output says so', () => {
	test('2 asked, 1 returned (async): imagesRequested and a notice beside the one image', async () => {
		taskWith('t-partial', ['https://result.test/1.png']);
		const result = await runWanx({ parameters: { ...params({ downloadImages: false }), n: 2 } });
		expect(result.status).toBe('success');
		expect(result.items[0].json).toMatchObject({
			images: ['https://result.test/1.png'],
			imagesRequested: 2,
			notice:
				'1 of the 2 images asked for came back: DashScope reports a task with at least one image as succeeded. Only the images returned are billed (usage.image_count); run the item again for the rest.',
		});
	});

	test('all asked for returned: no notice', async () => {
		taskWith('t-whole', ['https://result.test/1.png', 'https://result.test/2.png']);
		const result = await runWanx({ parameters: { ...params({ downloadImages: false }), n: 2 } });
		expect(result.items[0].json.notice).toBeUndefined();
		expect(result.items[0].json.imagesRequested).toBeUndefined();
	});
});
