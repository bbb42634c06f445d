/**
 * nodes/Wanx/transport: a call's declared kind, not its URL, decides its gate and whether Resubmit
 * When Unsure sends it again. The client runs against a scripted n8n context (no network): a
 * path no gate knew before (the video task endpoint) declared `submit` gets the model's
 * submission gate and is resubmitted when unsure; the same path declared otherwise is not.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { CallKind } from '../../nodes/Wanx/transport/call';
import { UncertainDeliveryError } from '../../nodes/Wanx/transport/callErrors';
import * as retry from '../../nodes/Wanx/transport/retry';
import { gateOf } from '../../nodes/Wanx/transport/turns';
import { scriptedClient } from './scriptedClient';

const VIDEO_PATH = '/api/v1/services/aigc/video-generation/video-synthesis';
const MODEL = 'wan2.2-kf2v-flash';

type Sent = { method: string; url: string; body: unknown };
type Answer = { statusCode: number; body: unknown } | { lost: string };

/** A client whose n8n context answers each call with the next scripted answer; `sent` logs them. */
function clientWith(answers: Answer[], resubmitUncertain = false) {
	const sent: Sent[] = [];
	const answer = async (options: IHttpRequestOptions) => {
		sent.push({ method: options.method ?? 'GET', url: options.url, body: options.body });
		const next = answers.shift();
		if (!next) throw new Error('no answer scripted');
		if ('lost' in next) throw Object.assign(new Error(`socket hang up`), { code: next.lost });
		return { ...next, headers: {} };
	};
	return { client: scriptedClient(answer, { settings: { resubmitUncertain } }), sent };
}

const call = (kind: CallKind) => ({
	kind,
	model: MODEL,
	method: 'POST' as const,
	path: VIDEO_PATH,
	body: { model: MODEL, input: { prompt: 'a cat' } },
	itemIndex: 0,
});

const CREATED = { statusCode: 200, body: { output: { task_id: 't-1', task_status: 'PENDING' } } };

beforeEach(() => {
	// The pause before a resubmission is back-off; its length is not what these tests check.
	jest.spyOn(retry, 'backoffMs').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

describe('the gate follows the declared kind', () => {
	it('a submit to the video endpoint waits at its model’s submission gate', async () => {
		const { client } = clientWith([]);
		const account = await client.account(0);
		const gate = await gateOf(client, call('submit'));
		expect(gate).toBeDefined();
		expect(gate).not.toBe(account.poll);
		expect(gate).toBe(account.submit(MODEL, gate!.limit));
		expect(gate).not.toBe(account.submit('wan2.6-image', gate!.limit));
	});

	it('a sync call is a submission too; a poll waits at the poll gate', async () => {
		const { client } = clientWith([]);
		const account = await client.account(0);
		expect(await gateOf(client, call('sync'))).toBe(await gateOf(client, call('submit')));
		expect(await gateOf(client, { ...call('poll'), method: 'GET' })).toBe(account.poll);
	});

	it.each<CallKind>(['cancel', 'download', 'uploadPolicy', 'list'])(
		'the same path declared %s waits at no gate',
		async (kind) => {
			const { client } = clientWith([]);
			expect(await gateOf(client, call(kind))).toBeUndefined();
		},
	);

	it('a cleanup call (cancelling a stopped run’s task) waits at no gate', async () => {
		const { client } = clientWith([]);
		expect(await gateOf(client, { ...call('submit'), cleanup: true })).toBeUndefined();
	});
});

describe('Resubmit When Unsure follows the declared kind', () => {
	it('a submit whose connection was lost after sending is sent once more when allowed', async () => {
		const { client, sent } = clientWith([{ lost: 'ECONNRESET' }, CREATED], true);
		const response = await client.requestWithRetry(call('submit'));
		expect(response.body).toEqual(CREATED.body);
		expect(sent).toHaveLength(2);
		expect(sent[1]).toEqual(sent[0]);
		expect(sent[0].url).toBe(`https://scripted.test${VIDEO_PATH}`);
	});

	it('only once: a second lost connection fails the item as uncertain', async () => {
		const { client, sent } = clientWith([{ lost: 'ECONNRESET' }, { lost: 'ECONNRESET' }], true);
		await expect(client.requestWithRetry(call('submit'))).rejects.toBeInstanceOf(
			UncertainDeliveryError,
		);
		expect(sent).toHaveLength(2);
	});

	it('not without the user’s consent', async () => {
		const { client, sent } = clientWith([{ lost: 'ECONNRESET' }, CREATED], false);
		await expect(client.requestWithRetry(call('submit'))).rejects.toBeInstanceOf(
			UncertainDeliveryError,
		);
		expect(sent).toHaveLength(1);
	});

	it('a submit answered without task_id is sent again at once when allowed, and only once', async () => {
		const garbled = { statusCode: 200, body: '<html>gateway</html>' };
		const again = clientWith([garbled, CREATED], true);
		await expect(again.client.requestWithRetry(call('submit'))).resolves.toMatchObject({
			body: CREATED.body,
		});
		expect(again.sent).toHaveLength(2);
		expect(retry.backoffMs).not.toHaveBeenCalled();

		const twice = clientWith([garbled, garbled], true);
		await expect(twice.client.requestWithRetry(call('submit'))).rejects.toThrow(
			'DashScope answered the create call without a readable task_id',
		);
		expect(twice.sent).toHaveLength(2);
	});

	it('the same path declared cancel is never sent twice, even when allowed', async () => {
		const { client, sent } = clientWith([{ lost: 'ECONNRESET' }, CREATED], true);
		await expect(client.requestWithRetry(call('cancel'))).rejects.toBeInstanceOf(
			UncertainDeliveryError,
		);
		expect(sent).toHaveLength(1);
	});

	it('a sync answer needs no task_id', async () => {
		const answer = { statusCode: 200, body: { output: { choices: [] } } };
		const { client, sent } = clientWith([answer], true);
		await expect(client.requestWithRetry(call('sync'))).resolves.toMatchObject({
			body: answer.body,
		});
		expect(sent).toHaveLength(1);
	});
});
