/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * A Hong Kong credential and workspace-domain credentials against the DashScope emulator: the
 * credential test's request (its base URL expression, the credential's authenticate, the test
 * path) passes with the emulator's key and fails with another, mapped to the test's 401 message;
 * then an async generation runs. The real hosts are routed by nock to the emulator on 127.0.0.1,
 * which records the Host each request was sent to.
 */
import nock from 'nock';

import { runWanx } from './harness';
import { EMULATOR_KEY, useEmulator } from './net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DashScopeApi } = require('../../dist/credentials/DashScopeApi.credentials');

const emu = useEmulator({ taskTimings: { pendingMs: 0, runningMs: 50, syncMs: 0 } });

const CASES: Array<[string, Record<string, unknown>, string]> = [
	['China (Hong Kong)', { region: 'cn-hongkong' }, 'cn-hongkong.dashscope.aliyuncs.com'],
	[
		'Hong Kong workspace domain',
		{ region: 'cn-hongkong', domain: 'workspace', workspaceId: 'llm-hk1' },
		'llm-hk1.cn-hongkong.maas.aliyuncs.com',
	],
	[
		'Singapore workspace domain',
		{ region: 'ap-southeast-1', domain: 'workspace', workspaceId: 'llm-sg1' },
		'llm-sg1.ap-southeast-1.maas.aliyuncs.com',
	],
];

/** The hosts the node's requests were sent to, in order (fetch rewrites Host on the way on). */
let routed: string[] = [];

/** Routes every call to `host` to the emulator, keeping method, path, headers and body. */
function routeToEmulator(host: string): void {
	routed = [];
	nock.activate();
	nock.enableNetConnect('127.0.0.1');
	const forward = async function (this: any, uri: string, body: unknown) {
		routed.push(new URL(this.req.path ?? uri, `https://${this.req.headers.host}`).host);
		const headers = { ...this.req.headers };
		const res = await fetch(`${emu.url}${uri}`, {
			method: this.req.method,
			headers,
			body:
				this.req.method === 'GET'
					? undefined
					: typeof body === 'string'
						? body
						: JSON.stringify(body),
		});
		return [res.status, Buffer.from(await res.arrayBuffer()), Object.fromEntries(res.headers)];
	};
	for (const method of ['get', 'post'] as const) {
		const scope = nock(`https://${host}`).persist();
		scope[method](/.*/).reply(forward as any);
	}
}

/** The credential test as n8n sends it: the expression's base URL, authenticate, the test path. */
async function credentialTest(
	data: Record<string, unknown>,
): Promise<{ ok: true } | { message: string }> {
	const cred = new DashScopeApi();
	const expression = cred.test.request.baseURL.slice(3, -2);
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- evaluates the credential test's own expression, as n8n does
	const baseURL = new Function('$credentials', `return ${expression}`)(data);
	const options = await cred.authenticate(data, { url: cred.test.request.url, method: 'GET' });
	const res = await fetch(`${baseURL}${options.url}`, { headers: options.headers });
	if (res.ok) return { ok: true };
	const rule = cred.test.rules.find((r: any) => r.properties.value === res.status);
	return { message: rule?.properties.message ?? res.statusText };
}

afterEach(() => {
	nock.cleanAll();
	nock.restore();
	emu.reset();
});

describe.each(CASES)('%s', (_title, region, host) => {
	const data = { apiKey: EMULATOR_KEY, ...region };

	test('the credential test passes with the key and names the region when the key is refused', async () => {
		routeToEmulator(host);
		expect(await credentialTest(data)).toEqual({ ok: true });
		const refused = await credentialTest({ ...data, apiKey: 'sk-of-another-region' });
		expect(refused).toEqual({ message: expect.stringMatching(/^Unauthorized: .*one region/) });
		expect(routed).toEqual([host, host]);
		expect(emu.requests).toHaveLength(2);
		if (region.workspaceId) {
			expect(emu.requests[0].headers['x-dashscope-workspace']).toBe(region.workspaceId);
		}
	});

	test('an async generation runs on that host', async () => {
		routeToEmulator(host);
		const result = await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: 'a lighthouse',
				referenceImages: { images: [{ source: 'url', url: 'https://input.test/cat.png' }] },
				options: { downloadImages: false, pollInterval: 0.05 },
			},
			credentials: data,
		});
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.items[0].json.taskStatus).toBe('SUCCEEDED');
		expect(emu.requests.filter((r: any) => r.kind === 'create')).toHaveLength(1);
		expect(routed.length).toBe(emu.requests.length);
		expect(new Set(routed)).toEqual(new Set([host]));
	});
});
