/**
 * The sync interleaved call asks for an event stream; a gateway (or DashScope) may answer with
 * plain JSON instead (Content-Type application/json, HTTP 200): a whole answer is read as the
 * result, an error body as DashScope's code, message and request_id; neither as a stream cut
 * before its first frame. HTTP by nock.
 */
import nock from 'nock';

import { PATH, errorBody, syncEdit } from './fixtures';
import { BASE_URL, runWanx } from './harness';
import { useNock } from './net';

useNock();

const parameters = {
	operation: 'generate',
	mode: 'interleave',
	prompt: 'A 2-step tutorial',
	maxImages: 2,
	options: { downloadImages: false },
};
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

test('a whole answer as JSON is the result', async () => {
	const answer = {
		output: {
			choices: [
				{
					finish_reason: 'stop',
					message: {
						role: 'assistant',
						content: [
							{ type: 'text', text: 'First, chop.' },
							{ type: 'image', image: 'https://result.test/s1.png' },
						],
					},
				},
			],
			finished: true,
		},
		usage: { image_count: 1, size: '1280*1280' },
		request_id: 'json-req-1',
	};
	nock(BASE_URL).post(PATH.sync).reply(200, answer, JSON_TYPE);
	const result = await runWanx({ parameters });
	expect(result.error?.message).toBeUndefined();
	expect(result.items[0].json).toMatchObject({
		mode: 'interleave',
		text: 'First, chop.',
		images: ['https://result.test/s1.png'],
		usage: { image_count: 1 },
		requestId: 'json-req-1',
	});
});

test('an error body as JSON over HTTP 200 is the DashScope error, with its request_id', async () => {
	nock(BASE_URL)
		.post(PATH.sync)
		.reply(
			200,
			errorBody('InvalidParameter', 'max_images must be 1 to 5', 'json-err-1'),
			JSON_TYPE,
		);
	const result = await runWanx({ parameters });
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe(
		'DashScope InvalidParameter: max_images must be 1 to 5 (request_id json-err-1)',
	);
});

test('a JSON answer without images is no success either', async () => {
	const empty = { ...syncEdit([]), request_id: 'json-empty-1' };
	nock(BASE_URL).post(PATH.sync).reply(200, empty, JSON_TYPE);
	const result = await runWanx({ parameters });
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/^DashScope NoResult: DashScope reported success, but/);
	expect(result.error?.message).not.toMatch(/StreamInterrupted/);
});
