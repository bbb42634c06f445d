/**
 * nodes/Wanx/transport/retry.ts: a create that will wait anyway asks again every 1–2 s after a
 * 429 (a slot another process holds may free at any moment), while 5xx back-off keeps doubling
 * and a Retry-After is honoured as sent. The client runs against a scripted n8n context (no
 * network); its back-offs are recorded instead of waited.
 */

import type { DashScopeClient } from '../../nodes/Wanx/transport/client';
import * as retry from '../../nodes/Wanx/transport/retry';
import { DEFAULT_RETRY, submitRetry, type RetryBudget } from '../../nodes/Wanx/transport/retry';
import { scriptedClient } from './scriptedClient';

const PATH = '/api/v1/services/aigc/image-generation/generation';
const CREATED = { statusCode: 200, body: { output: { task_id: 't-1', task_status: 'PENDING' } } };
const THROTTLED = {
	statusCode: 429,
	body: { code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded.', request_id: 'r' },
};
const UNAVAILABLE = {
	statusCode: 503,
	body: { code: 'ModelUnavailable', message: 'Model is unavailable.', request_id: 'r' },
};

/**
 * A client answering each call with the next answer; `pauses` holds each back-off it computed
 * (not waited: the tests read the lengths).
 */
function clientWith(answers: Array<{ statusCode: number; body: unknown }>) {
	const answer = async () => {
		const next = answers.shift();
		if (!next) throw new Error('no answer scripted');
		return { ...next, headers: {} };
	};
	const pauses: number[] = [];
	const real = retry.backoffMs;
	jest.spyOn(retry, 'backoffMs').mockImplementation((...args) => {
		pauses.push(real(...args));
		return 0;
	});
	const client = scriptedClient(answer, { credentials: { runningTasks: 50 }, typeVersion: 1 });
	return { client, pauses };
}

const create = (client: DashScopeClient, budget: RetryBudget) =>
	client.requestWithRetry(
		{
			kind: 'submit',
			model: 'wan2.6-image',
			method: 'POST',
			path: PATH,
			body: { model: 'wan2.6-image' },
			itemIndex: 0,
		},
		budget,
	);

afterEach(() => jest.restoreAllMocks());

describe('backoffMs', () => {
	it('doubles up to 8–16 s, or stops doubling at maxMs', () => {
		for (let i = 0; i < 50; i++) {
			expect(retry.backoffMs(1)).toBeGreaterThanOrEqual(500);
			expect(retry.backoffMs(1)).toBeLessThanOrEqual(1000);
			expect(retry.backoffMs(6)).toBeGreaterThanOrEqual(8000);
			expect(retry.backoffMs(6, undefined, 2000)).toBeGreaterThanOrEqual(1000);
			expect(retry.backoffMs(6, undefined, 2000)).toBeLessThanOrEqual(2000);
		}
	});

	it('honours a Retry-After whatever maxMs says', () => {
		expect(retry.backoffMs(6, 7000, 2000)).toBe(7000);
	});
});

describe('a create that will wait for its result', () => {
	const budget = submitRetry(600_000);

	it('asks again every 1–2 s after 429s and is accepted', async () => {
		const { client, pauses } = clientWith([...Array(8).fill(THROTTLED), CREATED]);
		await expect(create(client, budget)).resolves.toMatchObject({ body: CREATED.body });
		expect(pauses).toHaveLength(8);
		expect(Math.max(...pauses)).toBeLessThanOrEqual(2000);
		expect(Math.min(...pauses.slice(1))).toBeGreaterThanOrEqual(1000);
	});

	it('keeps doubling after 5xx', async () => {
		const { client, pauses } = clientWith([...Array(6).fill(UNAVAILABLE), CREATED]);
		await expect(create(client, budget)).resolves.toMatchObject({ body: CREATED.body });
		expect(pauses[5]).toBeGreaterThanOrEqual(8000);
	});

	it('has tries enough for its whole time at that pace', () => {
		expect(budget.attempts).toBeGreaterThanOrEqual(600);
		expect(budget.withinMs).toBe(600_000);
	});

	it('other calls keep the short budget and the doubling after 429s', async () => {
		expect(DEFAULT_RETRY.throttledMaxMs).toBeUndefined();
		expect(submitRetry(undefined)).toBe(DEFAULT_RETRY);
		const { client, pauses } = clientWith([...Array(4).fill(THROTTLED), CREATED]);
		await expect(create(client, DEFAULT_RETRY)).resolves.toMatchObject({ body: CREATED.body });
		expect(pauses[3]).toBeGreaterThanOrEqual(4000);
	});
});
