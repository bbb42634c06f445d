/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests read the recorded answers with Node's own modules; they never run inside n8n */
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the recorded answers are found from this file's folder (__dirname) */
/**
 * nodes/Wanx/transport/stream.ts: the SSE sync call goes through the one retry loop
 * (`requestWithRetry` in client.ts). A refusal that is the stream's only frame is repeated as the
 * same refusal over HTTP would be, within the same budget as the HTTP answers; a refusal after
 * other frames is never repeated. The n8n context is scripted (no network) and answers with the
 * recorded streams of test/fixtures/dashscope/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { GenerateInput } from '../../nodes/Wanx/api/generateInput';
import type { RequestPlan } from '../../nodes/Wanx/api/plan';
import * as retry from '../../nodes/Wanx/transport/retry';
import { streamGeneration } from '../../nodes/Wanx/transport/stream';
import { scriptedClient } from './scriptedClient';

const DIR = join(__dirname, '..', 'fixtures', 'dashscope');
const recorded = (file: string) => readFileSync(join(DIR, file), 'utf8');
/** A whole stream: text frames, the last one with finish_reason "stop". */
const COMPLETE = recorded('sse-multimodal-result.txt');
/** HTTP 200 whose only frame is a 429 Throttling refusal. */
const THROTTLED = recorded('sse-throttled-http200.txt');
/** The first frame of a whole stream, then the same refusal: part of the answer was generated. */
const REFUSED_AFTER_A_FRAME = `${COMPLETE.split('\n\n')[0]}\n\n${THROTTLED.replace('id:1', 'id:2')}`;

/** An answer: an SSE body over HTTP 200, or an HTTP error status with DashScope's JSON. */
type Answer = string | { status: number };

function clientAnswering(answers: Answer[]) {
	let sent = 0;
	const client = scriptedClient(
		async () => {
			sent++;
			const answer = answers.shift();
			if (answer === undefined) throw new Error('no answer scripted');
			if (typeof answer !== 'string') {
				const body = JSON.stringify({ code: 'Throttling', message: 'Requests throttled' });
				return { statusCode: answer.status, headers: {}, body: chunks(body) };
			}
			return { statusCode: 200, headers: {}, body: chunks(answer) };
		},
		// The submission gate is not what this file checks.
		{ settings: { submitsPerSecond: 0 } },
	);
	return { client, sent: () => sent };
}

/** The text as a byte stream in 64-byte chunks, as a socket hands it over. */
async function* chunks(text: string): AsyncGenerator<Uint8Array> {
	const bytes = Buffer.from(text);
	for (let i = 0; i < bytes.length; i += 64) yield bytes.subarray(i, i + 64);
}

const plan: RequestPlan = {
	model: 'wan2.6-image',
	method: 'POST',
	path: '/api/v1/services/aigc/multimodal-generation/generation',
	headers: { 'X-DashScope-Sse': 'enable' },
	body: {} as RequestPlan['body'],
	stream: true,
};
const input = { model: 'wan2.6-image', mode: 'interleave' } as GenerateInput;

beforeEach(() => {
	// The pause between attempts is back-off; its length is not what this file checks.
	jest.spyOn(retry, 'backoffMs').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

describe('the SSE sync call in the one retry loop', () => {
	it('a stream whose only frame is a 429 refusal is sent again; the next whole stream is the result', async () => {
		const { client, sent } = clientAnswering([THROTTLED, COMPLETE]);
		const result = await streamGeneration(client, plan, input, 0);
		expect(sent()).toBe(2);
		expect(result.requestId).toBe('13c5644d-339c-928a-a09a-e0414bfaa95c');
		expect(result.text).toContain('海滩');
	});

	it('HTTP 429 answers and in-stream refusals share one budget of attempts', async () => {
		const { client, sent } = clientAnswering([
			{ status: 429 },
			THROTTLED,
			{ status: 429 },
			THROTTLED,
			{ status: 429 },
			COMPLETE,
		]);
		await expect(streamGeneration(client, plan, input, 0)).rejects.toThrow(
			'DashScope Throttling: Requests throttled',
		);
		expect(sent()).toBe(retry.DEFAULT_RETRY.attempts);
	});

	it('a refusal after other frames is not repeated: part of the answer was generated', async () => {
		const { client, sent } = clientAnswering([REFUSED_AFTER_A_FRAME, COMPLETE]);
		await expect(streamGeneration(client, plan, input, 0)).rejects.toThrow(
			'DashScope Throttling.AllocationQuota: Allocated quota exceeded',
		);
		expect(sent()).toBe(1);
	});
});
