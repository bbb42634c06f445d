/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Binary in (reference images from the item's binary data or Base64), binary out (downloads
 * into binary fields, one item or one per image), and interleaved output streamed over SSE.
 */
import { PATH, created, errorBody, succeededEdit, syncEdit } from './fixtures';
import { BASE_URL, runWanx } from './harness';
import { binaryEntry, jpegHead, png } from './images';
import { useNock } from './net';
import nock from 'nock';

useNock();

const RESULTS = 'https://result.test';
// Reference images must have 240 to 8000 pixels per side.
const photo = png(320, 240, [10, 120, 240]);

describe('reference images from binary data and Base64', () => {
	test('binary fields become data URIs in order; Base64 and URL entries mix in', async () => {
		let sent: any;
		nock(BASE_URL)
			.post(PATH.sync, (body) => ((sent = body), true))
			.reply(200, syncEdit());
		const jpeg = jpegHead(640, 480);
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'Combine image 1, image 2 and image 3',
				referenceImages: {
					images: [
						{ source: 'binary', binaryPropertyName: 'data' },
						{ source: 'binary', binaryPropertyName: 'second' },
						{ source: 'base64', base64: photo.toString('base64') },
						{ source: 'url', url: 'https://input.test/x.webp' },
					],
				},
				options: { downloadImages: false },
			},
			// The second file claims octet-stream, as HTTP downloads often do: its bytes say JPEG.
			items: [
				{
					json: {},
					binary: {
						data: binaryEntry(photo, 'image/png'),
						second: binaryEntry(jpeg, 'application/octet-stream'),
					},
				},
			],
		});
		expect(result.status).toBe('success');
		expect(sent.input.messages[0].content).toEqual([
			{ text: 'Combine image 1, image 2 and image 3' },
			{ image: `data:image/png;base64,${photo.toString('base64')}` },
			{ image: `data:image/jpeg;base64,${jpeg.toString('base64')}` },
			{ image: `data:image/png;base64,${photo.toString('base64')}` },
			{ image: 'https://input.test/x.webp' },
		]);
	});
});

describe('results as binary', () => {
	test('every image is downloaded without the Authorization header into data, data_1', async () => {
		const first = png(4, 4, [255, 0, 0]);
		const second = png(4, 4, [0, 255, 0]);
		nock(BASE_URL)
			.post(PATH.async)
			.reply(200, created('t-b'))
			.get(PATH.task('t-b'))
			.reply(
				200,
				succeededEdit('t-b', [`${RESULTS}/1.png?Expires=1`, `${RESULTS}/2.png?Expires=1`]),
			);
		nock(RESULTS, { badheaders: ['authorization'] })
			.get('/1.png?Expires=1')
			.reply(200, first, { 'Content-Type': 'image/png' })
			.get('/2.png?Expires=1')
			.reply(200, second, { 'Content-Type': 'image/png' });
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: 'two variants',
				n: 2,
				referenceImages: { images: [{ source: 'url', url: 'https://input.test/a.png' }] },
				options: { pollInterval: 0.01 },
			},
		});
		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
		expect(Buffer.from(item.binary!.data.data, 'base64').equals(first)).toBe(true);
		expect(Buffer.from(item.binary!.data_1.data, 'base64').equals(second)).toBe(true);
		expect(item.binary!.data).toMatchObject({
			mimeType: 'image/png',
			fileName: 'wanx-t-b-1.png',
			fileExtension: 'png',
		});
		expect(item.binary!.data_1.fileName).toBe('wanx-t-b-2.png');
		// The JSON keeps the URLs, so AI Agents (which see no binary) still get the results.
		expect(item.json.images).toEqual([`${RESULTS}/1.png?Expires=1`, `${RESULTS}/2.png?Expires=1`]);
	});

	test('one item per image, each paired with its input item and in a chosen field', async () => {
		nock(BASE_URL)
			.post(PATH.sync)
			.times(2)
			.reply(200, syncEdit([`${RESULTS}/a.png`, `${RESULTS}/b.png`]));
		nock(RESULTS)
			.get(/\/[ab]\.png/)
			.times(4)
			.reply(200, photo, { 'Content-Type': 'image/png' });
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt: '={{ $json.prompt }}',
				n: 2,
				referenceImages: { images: [{ source: 'url', url: 'https://input.test/a.png' }] },
				options: { splitImages: true, binaryPropertyPrefix: 'image' },
			},
			items: [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }],
		});
		expect(result.status).toBe('success');
		expect(
			result.items.map((item) => [
				item.pairedItem,
				item.json.image,
				Object.keys(item.binary ?? {}),
			]),
		).toEqual([
			[{ item: 0 }, `${RESULTS}/a.png`, ['image']],
			[{ item: 0 }, `${RESULTS}/b.png`, ['image']],
			[{ item: 1 }, `${RESULTS}/a.png`, ['image']],
			[{ item: 1 }, `${RESULTS}/b.png`, ['image']],
		]);
		expect(result.items[1].json.imageIndex).toBe(1);
	});

	test('an expired link fails that item with a clear error that keeps the URL', async () => {
		nock(BASE_URL)
			.post(PATH.sync)
			.reply(200, syncEdit([`${RESULTS}/old.png?Expires=1`]));
		nock(RESULTS)
			.get('/old.png?Expires=1')
			.reply(
				403,
				'<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>',
				{
					'Content-Type': 'application/xml',
				},
			);
		const result = await runWanx({
			continueOnFail: true,
			parameters: {
				operation: 'generate',
				prompt: 'x',
				referenceImages: { images: [{ source: 'url', url: 'https://input.test/a.png' }] },
			},
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			`Result image 1 could not be downloaded from ${RESULTS}/old.png: HTTP 403: the link has probably expired; result links are valid for 24 hours`,
		);
		expect(result.items[0].json.images).toEqual([`${RESULTS}/old.png?Expires=1`]); // 403 is not repeated: one request
		expect(result.items[0].json.description).toContain(`URL: ${RESULTS}/old.png?Expires=1`);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});

const frame = (id: number, payload: object, event = 'result', status = 200) =>
	`id:${id}\nevent:${event}\n:HTTP_STATUS/${status}\ndata:${JSON.stringify(payload)}\n\n`;
const delta = (
	content: object,
	finish = 'null',
	usage = { image_count: 0, size: '0*0', output_tokens: 1 },
) => ({
	output: {
		choices: [{ finish_reason: finish, message: { role: 'assistant', content: [content] } }],
		finished: finish === 'stop',
	},
	usage,
	request_id: 'sse-req-1',
});

describe('interleaved output over SSE (sync)', () => {
	const parameters = {
		operation: 'generate',
		mode: 'interleave',
		prompt: 'A 2-step tutorial',
		maxImages: 2,
		options: { downloadImages: false },
	};

	test('sends the SSE header with parameters.stream and assembles text and images in order', async () => {
		let sent: any;
		const stream =
			frame(1, delta({ type: 'text', text: 'First,' })) +
			frame(2, delta({ type: 'text', text: ' chop.' })) +
			frame(
				3,
				delta({ type: 'image', image: `${RESULTS}/s1.png` }, 'null', {
					image_count: 1,
					size: '1280*1280',
					output_tokens: 5,
				}),
			) +
			frame(4, delta({ type: 'text', text: 'Then fry.' })) +
			frame(
				5,
				delta({ type: 'image', image: `${RESULTS}/s2.png` }, 'stop', {
					image_count: 2,
					size: '1280*1280',
					output_tokens: 9,
				}),
			);
		nock(BASE_URL, { reqheaders: { 'x-dashscope-sse': 'enable', accept: 'text/event-stream' } })
			.post(PATH.sync, (body) => ((sent = body), true))
			.reply(200, stream, { 'Content-Type': 'text/event-stream' });
		const result = await runWanx({ parameters });
		expect(result.status).toBe('success');
		expect(sent.parameters).toEqual({ enable_interleave: true, max_images: 2, stream: true });
		expect(result.items[0].json).toMatchObject({
			mode: 'interleave',
			text: 'First, chop.\n\nThen fry.',
			images: [`${RESULTS}/s1.png`, `${RESULTS}/s2.png`],
			parts: [
				{ type: 'text', text: 'First, chop.' },
				{ type: 'image', url: `${RESULTS}/s1.png` },
				{ type: 'text', text: 'Then fry.' },
				{ type: 'image', url: `${RESULTS}/s2.png` },
			],
			usage: { image_count: 2, output_tokens: 9 },
			requestId: 'sse-req-1',
		});
	});

	test('an event:error frame becomes the DashScope error', async () => {
		const stream = frame(
			1,
			errorBody('Throttling.AllocationQuota', 'Allocated quota exceeded', 'sse-err-1'),
			'error',
			429,
		);
		// Refused at once with a retryable status: repeated as an HTTP 429 would be (5 tries), then reported.
		nock(BASE_URL)
			.post(PATH.sync)
			.times(5)
			.reply(200, stream, { 'Content-Type': 'text/event-stream' });
		const result = await runWanx({ parameters });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'DashScope Throttling.AllocationQuota: Allocated quota exceeded (request_id sse-err-1)',
		);
	});

	test('a stream cut before its final frame is an error saying what arrived, not a partial success', async () => {
		const stream =
			frame(1, delta({ type: 'text', text: 'First,' })) +
			frame(2, delta({ type: 'image', image: `${RESULTS}/s1.png` }));
		nock(BASE_URL).post(PATH.sync).reply(200, stream, { 'Content-Type': 'text/event-stream' });
		const result = await runWanx({ parameters });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'DashScope StreamInterrupted: The event stream ended before its final frame: 2 frames, 6 characters of text and 1 images arrived (request_id sse-req-1)',
		);
	});
});
