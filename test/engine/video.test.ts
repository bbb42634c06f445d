/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake keys of the local emulator and nock */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Resource Video inside n8n-core (HTTP by nock): the exact create-task body of each model as a
 * fresh node sends it (the cheapest choices), edges accepted and one past refused with nothing
 * sent, binary inputs uploaded through DashScope's temporary storage and referred to as oss://
 * with the resolve header, data URIs where the model takes them, then wait → MP4 binary out, and
 * Submit Task.
 */
import nock from 'nock';

import { PATH, created, running } from './fixtures';
import { BASE_URL, runWanx } from './harness';
import { binaryEntry, png } from './images';
import { useNock } from './net';
import { mp4, succeededVideo } from './videos';

useNock();

const SYNTHESIS = '/api/v1/services/aigc/video-generation/video-synthesis';
const IMAGE2VIDEO = '/api/v1/services/aigc/image2video/video-synthesis';
const FRAME = 'https://input.test/frame.png';
const LAST = 'https://input.test/last.png';
const UPLOAD_HOST = 'https://upload.test';

const video = (parameters: Record<string, unknown>) => ({
	resource: 'video',
	operation: 'submitTask',
	prompt: 'the cat yawns',
	...parameters,
});
const url = (role: string, address: string) => ({ role, source: 'url', url: address });

/** Runs one item and returns the create call's body and headers (nothing else is answered). */
async function createBody(parameters: Record<string, unknown>, path = SYNTHESIS) {
	const sent: { body?: any; headers?: Record<string, string> } = {};
	nock(BASE_URL)
		.post(path, (body) => ((sent.body = body), true))
		.reply(function () {
			sent.headers = this.req.headers as Record<string, string>;
			return [200, created('t-create')];
		});
	const result = await runWanx({ parameters: video(parameters), typeVersion: 2 });
	expect(result.error?.message).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ taskId: 't-create', taskStatus: 'PENDING' });
	return sent as { body: any; headers: Record<string, string> };
}

describe('a fresh node sends each model its cheapest request', () => {
	test.each<[string, Record<string, unknown>, object, string?]>([
		[
			'wan2.7-i2v: a first frame, 720P, the API default duration',
			{ media: { items: [url('first_frame', FRAME)] } },
			{
				model: 'wan2.7-i2v',
				input: { prompt: 'the cat yawns', media: [{ type: 'first_frame', url: FRAME }] },
				parameters: { resolution: '720P' },
			},
		],
		[
			'wan2.7-t2v: 720P, 16:9 and 5 s left to the API',
			{ model: 'wan2.7-t2v' },
			{
				model: 'wan2.7-t2v',
				input: { prompt: 'the cat yawns' },
				parameters: { resolution: '720P' },
			},
		],
		[
			'wan2.6-t2v: the 720P size tier',
			{ model: 'wan2.6-t2v' },
			{ model: 'wan2.6-t2v', input: { prompt: 'the cat yawns' }, parameters: { size: '1280*720' } },
		],
		[
			'wan2.6-i2v-flash: img_url, 720P, silent (costs less)',
			{ model: 'wan2.6-i2v-flash', media: { items: [url('first_frame', FRAME)] } },
			{
				model: 'wan2.6-i2v-flash',
				input: { prompt: 'the cat yawns', img_url: FRAME },
				parameters: { resolution: '720P', audio: false },
			},
		],
		[
			'wan2.6-r2v: reference_urls',
			{
				model: 'wan2.6-r2v',
				media: { items: [url('reference_image', FRAME), url('reference_image', LAST)] },
			},
			{
				model: 'wan2.6-r2v',
				input: { prompt: 'the cat yawns', reference_urls: [FRAME, LAST] },
				parameters: { size: '1280*720' },
			},
		],
		[
			'wan2.7-r2v: media references',
			{ model: 'wan2.7-r2v', media: { items: [url('reference_image', FRAME)] } },
			{
				model: 'wan2.7-r2v',
				input: { prompt: 'the cat yawns', media: [{ type: 'reference_image', url: FRAME }] },
				parameters: { resolution: '720P' },
			},
		],
		[
			'wan2.7-videoedit: the source video, its ratio and length kept',
			{ model: 'wan2.7-videoedit', media: { items: [url('video', 'https://input.test/in.mp4')] } },
			{
				model: 'wan2.7-videoedit',
				input: {
					prompt: 'the cat yawns',
					media: [{ type: 'video', url: 'https://input.test/in.mp4' }],
				},
				parameters: { resolution: '720P' },
			},
		],
		[
			'wan2.2-kf2v-flash: first and last frame on the image2video path, 480P',
			{
				model: 'wan2.2-kf2v-flash',
				media: { items: [url('first_frame', FRAME), url('last_frame', LAST)] },
			},
			{
				model: 'wan2.2-kf2v-flash',
				input: { prompt: 'the cat yawns', first_frame_url: FRAME, last_frame_url: LAST },
				parameters: { resolution: '480P' },
			},
			IMAGE2VIDEO,
		],
	])('%s', async (_title, parameters, body, path = SYNTHESIS) => {
		const sent = await createBody(parameters, path);
		expect(sent.body).toEqual(body);
		expect(sent.headers['x-dashscope-async']).toBe('enable');
		expect(sent.headers['x-dashscope-ossresourceresolve']).toBeUndefined();
	});
});

describe('edges: the last value accepted and sent, one past refused with nothing sent', () => {
	test('duration 15 s is sent; 16 s fails the item before any request', async () => {
		const sent = await createBody({ model: 'wan2.7-t2v', duration: 15, ratio: '9:16' });
		expect(sent.body.parameters).toEqual({ resolution: '720P', ratio: '9:16', duration: 15 });
		// No interceptor: any request would fail the run with a connection error.
		const refused = await runWanx({
			parameters: video({ model: 'wan2.7-t2v', duration: 16 }),
			typeVersion: 2,
		});
		expect(refused.status).toBe('error');
		expect(refused.error!.message).toBe('Duration must be 2 to 15 s; got 16 [item 0]');
		expect(refused.error!.description).toBe(
			'Parameter "Duration" of item 0. Nothing was sent to DashScope.',
		);
	});

	test('a known video id in other letter case, by expression, is refused with the known id', async () => {
		// No interceptor: any request would fail the run with a connection error.
		const refused = await runWanx({
			parameters: video({ model: '={{ "Wan2.7-T2V" }}' }),
			typeVersion: 2,
		});
		expect(refused.error!.message).toBe(
			'Model "Wan2.7-T2V" is not a video model of this node (ids are lower case): use wan2.7-t2v [item 0]',
		);
		expect(refused.error!.description).toMatch(/Nothing was sent to DashScope\./);
	});

	test('a second first frame is refused; a Media role the mode does not take is refused', async () => {
		const two = await runWanx({
			parameters: video({
				media: { items: [url('first_frame', FRAME), url('first_frame', LAST)] },
			}),
			typeVersion: 2,
		});
		expect(two.error!.message).toMatch(/^Media has 2 × First Frame; wan2\.7-i2v .* takes 1/);
		const none = await runWanx({ parameters: video({}), typeVersion: 2 });
		expect(none.error!.message).toMatch(/^Media has 0 × First Frame/);
		const wrongRole = await runWanx({
			parameters: video({ model: 'wan2.6-t2v', media: { items: [url('first_frame', FRAME)] } }),
			typeVersion: 2,
		});
		expect(wrongRole.error!.message).toMatch(/^Media 1 has the role "first_frame"/);
	});

	test('a file whose bytes are not of its role is refused before anything is sent', async () => {
		const result = await runWanx({
			parameters: video({
				media: { items: [{ role: 'first_frame', source: 'binary', binaryPropertyName: 'clip' }] },
			}),
			items: [{ json: {}, binary: { clip: binaryEntry(mp4(), 'image/png', 'x.png') } }],
			typeVersion: 2,
		});
		expect(result.error!.message).toBe(
			"First Frame (media 1) (binary property 'clip') must be an image (JPEG, PNG, BMP or WEBP); its bytes are a video (MP4 or MOV) [item 0]",
		);
	});
});

describe('binary inputs', () => {
	test('wan2.7: uploaded to temporary storage, sent as oss:// with the resolve header', async () => {
		const frame = png(480, 320, [10, 200, 30]);
		let form = '';
		let policyQuery: Record<string, string> = {};
		let sent: any;
		let headers: Record<string, string> = {};
		nock(BASE_URL)
			.get('/api/v1/uploads')
			.query((query) => ((policyQuery = query as Record<string, string>), true))
			.reply(200, {
				request_id: 'policy-1',
				data: {
					policy: 'cG9saWN5',
					signature: 'c2ln',
					upload_dir: 'dashscope-instant/abc/2026-12-03/xyz',
					upload_host: UPLOAD_HOST,
					expire_in_seconds: 300,
					max_file_size_mb: 100,
					capacity_limit_mb: 999999999,
					oss_access_key_id: 'LTAI-test',
					x_oss_object_acl: 'private',
					x_oss_forbid_overwrite: 'true',
				},
			})
			.post(SYNTHESIS, (body) => ((sent = body), true))
			.reply(function () {
				headers = this.req.headers as Record<string, string>;
				return [200, created('t-up')];
			});
		nock(UPLOAD_HOST, { badheaders: ['authorization'] })
			// nock hands a binary body over as hex.
			.post('/', (body) => ((form = Buffer.from(body, 'hex').toString('latin1')), true))
			.reply(200, '');
		const result = await runWanx({
			parameters: video({
				media: { items: [{ role: 'first_frame', source: 'binary', binaryPropertyName: 'data' }] },
			}),
			items: [{ json: {}, binary: { data: binaryEntry(frame, 'application/octet-stream') } }],
			typeVersion: 2,
		});
		expect(result.error?.message).toBeUndefined();
		expect(policyQuery).toEqual({ action: 'getPolicy', model: 'wan2.7-i2v' });
		const key = 'dashscope-instant/abc/2026-12-03/xyz/wanx-item0-first-frame.png';
		for (const [name, value] of [
			['OSSAccessKeyId', 'LTAI-test'],
			['Signature', 'c2ln'],
			['policy', 'cG9saWN5'],
			['key', key],
			['x-oss-object-acl', 'private'],
			['x-oss-forbid-overwrite', 'true'],
			['success_action_status', '200'],
		]) {
			expect(form).toContain(`name="${name}"\r\n\r\n${value}\r\n`);
		}
		expect(form).toContain('filename="wanx-item0-first-frame.png"\r\nContent-Type: image/png');
		expect(Buffer.from(form, 'latin1').includes(frame)).toBe(true);
		expect(sent.input.media).toEqual([{ type: 'first_frame', url: `oss://${key}` }]);
		expect(headers['x-dashscope-ossresourceresolve']).toBe('enable');
	});

	test('wan2.6-i2v takes the first frame inline: a data URI, no upload, no resolve header', async () => {
		const frame = png(400, 400, [200, 10, 30]);
		const sent = await (async () => {
			let body: any;
			let headers: Record<string, string> = {};
			nock(BASE_URL)
				.post(SYNTHESIS, (b) => ((body = b), true))
				.reply(function () {
					headers = this.req.headers as Record<string, string>;
					return [200, created('t-inline')];
				});
			const result = await runWanx({
				parameters: video({
					model: 'wan2.6-i2v',
					media: { items: [{ role: 'first_frame', source: 'binary' }] },
				}),
				items: [{ json: {}, binary: { data: binaryEntry(frame, 'image/png') } }],
				typeVersion: 2,
			});
			expect(result.error?.message).toBeUndefined();
			return { body, headers };
		})();
		expect(sent.body.input.img_url).toBe(`data:image/png;base64,${frame.toString('base64')}`);
		expect(sent.headers['x-dashscope-ossresourceresolve']).toBeUndefined();
	});

	test("an image below the model's pixel range is refused from its header, nothing sent", async () => {
		const result = await runWanx({
			parameters: video({
				model: 'wan2.6-i2v',
				media: { items: [{ role: 'first_frame', source: 'binary' }] },
			}),
			items: [{ json: {}, binary: { data: binaryEntry(png(300, 400), 'image/png') } }],
			typeVersion: 2,
		});
		expect(result.error!.message).toMatch(
			/First Frame is 300×400 px; each side must be 360 to 2000 px/,
		);
	});
});

describe('Generate via Async Task', () => {
	test('create → wait → the video output and its MP4; the task is polled, not resent', async () => {
		const bytes = mp4(5, 10_000);
		nock(BASE_URL)
			.post(SYNTHESIS)
			.reply(200, created('t-gen'))
			.get(PATH.task('t-gen'))
			.reply(200, running('t-gen'))
			.get(PATH.task('t-gen'))
			.reply(200, succeededVideo('t-gen', 'https://video-result.test/gen.mp4?Expires=1'));
		nock('https://video-result.test', { badheaders: ['authorization'] })
			.get('/gen.mp4?Expires=1')
			.reply(200, bytes, { 'Content-Length': String(bytes.length) });
		const result = await runWanx({
			parameters: {
				...video({ model: 'wan2.7-t2v' }),
				operation: 'generateAsync',
				options: { pollInterval: 0.01 },
			},
			typeVersion: 2,
		});
		expect(result.error?.message).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({
			model: 'wan2.7-t2v',
			mode: 'textToVideo',
			videoUrl: 'https://video-result.test/gen.mp4?Expires=1',
			duration: 5,
			billedSeconds: 5,
			taskId: 't-gen',
			requestId: 'create-t-gen',
			actualPrompt: 'A ginger cat slowly yawns in warm light',
		});
		expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: 'wanx-t-gen.mp4' });
		expect(Buffer.from(item.binary!.data.data, 'base64').equals(bytes)).toBe(true);
	});
});
