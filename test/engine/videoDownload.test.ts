/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests use Node's own modules; they never run inside n8n */
/**
 * The MP4 of a video task as binary (Get Task on a video task: the same output as Generate of
 * Resource Video): streamed into n8n's binary store, checked to be a whole MP4 (not an HTML page,
 * not cut under its Content-Length or its own boxes), retried when cut, and a failed download
 * keeps the task id, request id and video URL.
 */
import nock from 'nock';
import { Readable } from 'node:stream';

import { PATH } from './fixtures';
import { BASE_URL, runWanx } from './harness';
import { useNock } from './net';
import { mp4, succeededVideo } from './videos';

useNock();

const RESULTS = 'https://video-result.test';
const getTask = (taskId: string, options: Record<string, unknown> = {}) => ({
	resource: 'task',
	operation: 'getTask',
	taskId,
	options: { pollInterval: 0.01, ...options },
});

describe('a video task read with Get Task', () => {
	test('gives videoUrl, length, billed usage, prompts and ids, and the MP4 as binary', async () => {
		const video = mp4(5, 20_000);
		nock(BASE_URL)
			.get(PATH.task('t-v1'))
			.reply(200, succeededVideo('t-v1', `${RESULTS}/v1.mp4?Expires=1`));
		nock(RESULTS, { badheaders: ['authorization'] })
			.get('/v1.mp4?Expires=1')
			.reply(200, video, { 'Content-Type': 'video/mp4', 'Content-Length': String(video.length) });
		const result = await runWanx({ parameters: getTask('t-v1'), typeVersion: 2 });
		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({
			videoUrl: `${RESULTS}/v1.mp4?Expires=1`,
			duration: 5,
			resolution: '720P',
			billedSeconds: 5,
			usage: { duration: 5, video_count: 1, SR: 720 },
			origPrompt: 'a cat yawns',
			actualPrompt: 'A ginger cat slowly yawns in warm light',
			taskId: 't-v1',
			taskStatus: 'SUCCEEDED',
			requestId: 'poll-t-v1',
			submitTime: '2025-12-16 04:21:02.275',
			endTime: '2025-12-16 04:23:46.658',
		});
		expect(item.binary!.data).toMatchObject({
			mimeType: 'video/mp4',
			fileName: 'wanx-t-v1.mp4',
			fileExtension: 'mp4',
		});
		expect(Buffer.from(item.binary!.data.data, 'base64').equals(video)).toBe(true);
	});

	test('a body without Content-Length (chunked) is stored whole; downloading off keeps the URL only', async () => {
		const video = mp4(3);
		nock(BASE_URL)
			.get(PATH.task('t-v2'))
			.times(2)
			.reply(200, succeededVideo('t-v2', `${RESULTS}/v2.mp4?Expires=1`));
		nock(RESULTS)
			.get('/v2.mp4?Expires=1')
			.reply(200, () => Readable.from([video.subarray(0, 100), video.subarray(100)]));
		const stored = await runWanx({ parameters: getTask('t-v2'), typeVersion: 2 });
		expect(stored.status).toBe('success');
		expect(Buffer.from(stored.items[0].binary!.data.data, 'base64').equals(video)).toBe(true);

		const noDownload = await runWanx({
			parameters: getTask('t-v2', { downloadImages: false }),
			typeVersion: 2,
		});
		expect(noDownload.status).toBe('success');
		expect(noDownload.items[0].binary).toBeUndefined();
		expect(noDownload.items[0].json.videoUrl).toBe(`${RESULTS}/v2.mp4?Expires=1`);
	});

	test('a body cut short of its Content-Length is fetched again', async () => {
		const video = mp4(5, 9000);
		nock(BASE_URL)
			.get(PATH.task('t-v3'))
			.reply(200, succeededVideo('t-v3', `${RESULTS}/v3.mp4?Expires=1`));
		nock(RESULTS)
			.get('/v3.mp4?Expires=1')
			.reply(200, video.subarray(0, 5000), { 'Content-Length': String(video.length) })
			.get('/v3.mp4?Expires=1')
			.reply(200, video, { 'Content-Length': String(video.length) });
		const result = await runWanx({ parameters: getTask('t-v3'), typeVersion: 2 });
		expect(result.status).toBe('success');
		expect(Buffer.from(result.items[0].binary!.data.data, 'base64').equals(video)).toBe(true);
	});

	test('an MP4 cut inside its boxes fails after the retries and keeps task id, request id and URL', async () => {
		const video = mp4(5, 9000);
		const cut = video.subarray(0, video.length - 100);
		nock(BASE_URL)
			.get(PATH.task('t-v4'))
			.reply(200, succeededVideo('t-v4', `${RESULTS}/v4.mp4?Expires=1`));
		nock(RESULTS)
			.get('/v4.mp4?Expires=1')
			.times(4)
			.reply(200, cut, { 'Content-Type': 'video/mp4', 'Content-Length': String(cut.length) });
		const result = await runWanx({
			parameters: getTask('t-v4'),
			typeVersion: 2,
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		const json = result.items[0].json;
		expect(json.error).toBe(
			`The result video could not be downloaded from ${RESULTS}/v4.mp4: the link answered with video/mp4 (${cut.length} bytes so far), which is not a whole MP4 video: the MP4 was cut: its boxes need ${video.length} bytes, ${cut.length} arrived (4 attempts)`,
		);
		expect(json).toMatchObject({
			taskId: 't-v4',
			requestId: 'poll-t-v4',
			videoUrl: `${RESULTS}/v4.mp4?Expires=1`,
		});
	});

	test('an HTML page at the link is not stored as a video and not fetched again', async () => {
		nock(BASE_URL)
			.get(PATH.task('t-v5'))
			.reply(200, succeededVideo('t-v5', `${RESULTS}/v5.mp4?Expires=1`));
		nock(RESULTS)
			.get('/v5.mp4?Expires=1')
			.reply(200, '<!DOCTYPE html><html><body>Please sign in</body></html>', {
				'Content-Type': 'text/html',
			});
		const result = await runWanx({ parameters: getTask('t-v5'), typeVersion: 2 });
		expect(result.status).toBe('error');
		expect(result.error!.message).toMatch(
			/^The result video could not be downloaded from https:\/\/video-result\.test\/v5\.mp4: the link answered with text\/html .* not a whole MP4 video: it does not start with an MP4 "ftyp" box/,
		);
		expect(result.error!.message).not.toMatch(/attempts/);
	});

	test('an expired link (403) names the 24 hours and keeps the ids', async () => {
		nock(BASE_URL)
			.get(PATH.task('t-v6'))
			.reply(200, succeededVideo('t-v6', `${RESULTS}/v6.mp4?Expires=1`));
		nock(RESULTS)
			.get('/v6.mp4?Expires=1')
			.reply(
				403,
				'<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>',
			);
		const result = await runWanx({
			parameters: getTask('t-v6'),
			typeVersion: 2,
			continueOnFail: true,
		});
		expect(result.items[0].json).toMatchObject({
			error: expect.stringContaining('HTTP 403: the link has probably expired'),
			taskId: 't-v6',
			videoUrl: `${RESULTS}/v6.mp4?Expires=1`,
		});
	});
});
