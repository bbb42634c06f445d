'use strict';
/**
 * Installed the way Settings → Community Nodes installs it, in a real `n8n start` (2.41.1):
 * the packed package is `npm publish`ed to a local Verdaccio, n8n (N8N_COMMUNITY_PACKAGES_REGISTRY
 * pointing at it) installs it through the panel's own endpoint, POST /rest/community-packages, as
 * the owner; the update (PATCH) and the uninstall (DELETE) go through the same endpoint.
 *
 * A registry other than npmjs needs the licence feature feat:communityNodes:customRegistry; n8n's
 * end-to-end mode (E2E_TESTS=true) grants it through PATCH /rest/e2e/feature
 * (n8n-io/n8n, packages/cli/src/controllers/e2e.controller.ts). DashScope is the emulator on 127.0.0.1.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator } = require('../emulator');
const { N8N_V2 } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');
const { startN8nServer, runWorkflow, outputJson } = require('../n8n/server');
const { startRegistry } = require('../n8n/registry');
const { buildWorkflows, PROMPTS, IDS } = require('./workflows');

const MIN = 60 * 1000;
const API_KEY = 'sk-e2e-community-0123456789abcdef';
const WANX = `${n8n.PACKAGE}.wanx`;
const VERSION = require('../../package.json').version;
const NEXT_VERSION = VERSION.replace(
	/^(\d+)\.(\d+)\.(\d+).*$/,
	(_, a, b, c) => `${a}.${b}.${Number(c) + 1}`,
);
/** Put into the next version's codex aliases: proves which copy n8n has loaded. */
const NEXT_MARKER = `wanx-update-check-${NEXT_VERSION}`;

const wanted = (process.env.WANX_E2E_N8N || '')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
const describeV2 =
	wanted.length === 0 || wanted.some((w) => N8N_V2 === w || N8N_V2.startsWith(`${w}.`))
		? describe
		: describe.skip;

/** The packed package as version NEXT_VERSION (package.json bumped, codex alias marked), unpacked. */
async function nextVersionDir(tarball, dir) {
	await n8n.mustRun('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	const pj = path.join(dir, 'package.json');
	fs.writeFileSync(
		pj,
		JSON.stringify({ ...JSON.parse(fs.readFileSync(pj, 'utf8')), version: NEXT_VERSION }, null, 2),
	);
	const codex = path.join(dir, 'dist', 'nodes', 'Wanx', 'Wanx.node.json');
	const c = JSON.parse(fs.readFileSync(codex, 'utf8'));
	fs.writeFileSync(
		codex,
		JSON.stringify({ ...c, alias: [...(c.alias || []), NEXT_MARKER] }, null, 2),
	);
	return dir;
}

describeV2(
	`installed from the Community Nodes panel's endpoint (n8n ${N8N_V2}, local registry)`,
	() => {
		let emu;
		let reg;
		let srv;
		let tarball;
		let work;
		let workflowId;
		let credential;

		const wanxTypes = async () => {
			const r = await srv.rest('GET', '/types/nodes.json');
			expect(r.status).toBe(200);
			return r.json.filter((t) => t.name.startsWith(`${n8n.PACKAGE}.`));
		};
		const listed = async () => {
			const r = await srv.rest('GET', '/rest/community-packages');
			expect(r.status).toBe(200);
			return r.json.data.filter((p) => p.packageName === n8n.PACKAGE);
		};
		const syncRequests = () =>
			emu.requests.filter(
				(q) =>
					q.kind === 'sync' &&
					q.body?.input?.messages?.[0]?.content?.some((c) => c.text === PROMPTS.syncEdit),
			);

		beforeAll(async () => {
			work = n8n.tmpDir('wanx-community-');
			[{ tarball }, reg, emu] = await Promise.all([
				n8n.packRepo(),
				startRegistry(),
				startEmulator({ port: 0, apiKey: API_KEY, limits: false }),
			]);
			await reg.publish(tarball);
			srv = await startN8nServer({
				env: { E2E_TESTS: 'true', N8N_COMMUNITY_PACKAGES_REGISTRY: reg.url },
			});
			const f = await fetch(`${srv.base}/rest/e2e/feature`, {
				method: 'PATCH',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ feature: 'feat:communityNodes:customRegistry', enabled: true }),
			});
			if (f.status !== 200)
				throw new Error(`PATCH /rest/e2e/feature: ${f.status} ${await f.text()}`);
		}, 20 * MIN);

		afterAll(async () => {
			await Promise.all([srv?.stop(), reg?.close(), emu?.close()]);
			if (work) fs.rmSync(work, { recursive: true, force: true });
		}, 2 * MIN);

		test(
			'POST /rest/community-packages installs it from the registry: listed, node types loadable',
			async () => {
				expect((await reg.packument())['dist-tags'].latest).toBe(VERSION);
				expect(await listed()).toEqual([]);
				const r = await srv.rest('POST', '/rest/community-packages', { name: n8n.PACKAGE });
				expect(r.status).toBe(200);
				expect(r.json.data).toMatchObject({ packageName: n8n.PACKAGE, installedVersion: VERSION });
				const [pkg] = await listed();
				expect(pkg).toMatchObject({
					packageName: n8n.PACKAGE,
					installedVersion: VERSION,
					failedLoading: false,
				});
				expect(pkg.installedNodes.map((n) => n.type)).toEqual([WANX]);
				expect((await wanxTypes()).map((t) => t.name).sort()).toEqual([WANX, `${WANX}Tool`]);
				const creds = await srv.rest('GET', '/types/credentials.json');
				expect(creds.json.some((c) => c.name === 'dashScopeApi')).toBe(true);
				// Installed into the user folder's nodes folder, as the panel does.
				const installed = JSON.parse(
					fs.readFileSync(
						path.join(srv.userFolder, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE, 'package.json'),
						'utf8',
					),
				);
				expect(installed.version).toBe(VERSION);
			},
			5 * MIN,
		);

		test(
			'a workflow using it runs against the emulator',
			async () => {
				const cred = await srv.rest('POST', '/rest/credentials', {
					name: 'DashScope (emulator)',
					type: 'dashScopeApi',
					data: { apiKey: API_KEY, region: 'custom', baseUrl: emu.url, workspaceId: '' },
				});
				expect(cred.status).toBe(200);
				credential = cred.json.data;
				const { id: _id, ...wf } = buildWorkflows({}).syncEdit;
				const wanx = wf.nodes.find((n) => n.type === WANX);
				wanx.credentials = { dashScopeApi: { id: cred.json.data.id, name: cred.json.data.name } };
				const created = await srv.rest('POST', '/rest/workflows', {
					...wf,
					name: `community: ${IDS.syncEdit}`,
				});
				expect(created.status).toBe(200);
				workflowId = created.json.data.id;

				const res = await runWorkflow(srv, workflowId);
				expect(res.error).toBeUndefined();
				expect(res.status).toBe('success');
				const out = outputJson(res.data, 'Wanx');
				expect(out).toHaveLength(1);
				expect(out[0].images).toHaveLength(1);
				expect(out[0]).toMatchObject({ mode: 'edit', model: 'wan2.6-image' });
				expect(out[0].images[0]).toMatch(new RegExp(`^${emu.url}/results/`));
				const sent = syncRequests();
				expect(sent).toHaveLength(1);
				expect(sent[0].auth).toEqual({ present: true, valid: true });
				expect(sent[0].body.parameters).toMatchObject({ n: 1, size: '1024*768' });
				expect(
					sent[0].body.input.messages[0].content.filter((c) => c.image).map((c) => c.image),
				).toEqual(['https://example.com/e2e/left.png', 'https://example.com/e2e/right.png']);
			},
			5 * MIN,
		);

		test(
			"the editor's credential test: the right key passes, a wrong one names the likely cause",
			async () => {
				const test = (apiKey) =>
					srv.rest('POST', '/rest/credentials/test', {
						credentials: {
							id: credential.id,
							name: credential.name,
							type: 'dashScopeApi',
							data: { apiKey, region: 'custom', baseUrl: emu.url, workspaceId: '' },
						},
					});
				const good = await test(API_KEY);
				expect(good.status).toBe(200);
				expect(good.json.data).toMatchObject({ status: 'OK' });
				const bad = await test('sk-e2e-community-wrong-key');
				expect(bad.status).toBe(200);
				expect(bad.json.data.status).toBe('Error');
				// The credential's 401 rule, not n8n's bare "Unauthorized".
				expect(bad.json.data.message).toMatch(
					/^Unauthorized: DashScope refused the API key\. Keys belong to one region/,
				);
				expect(JSON.stringify(bad.json)).not.toContain('sk-e2e-community-wrong-key');
			},
			2 * MIN,
		);

		test(
			`PATCH updates it to ${NEXT_VERSION} without a restart: listed, loaded and run as the new version`,
			async () => {
				const next = path.join(work, 'next');
				fs.mkdirSync(next);
				await reg.publish(await nextVersionDir(tarball, next));
				expect((await reg.packument())['dist-tags'].latest).toBe(NEXT_VERSION);
				const pid = srv.child.pid;
				expect((await wanxTypes()).find((t) => t.name === WANX).codex.alias).not.toContain(
					NEXT_MARKER,
				);

				const r = await srv.rest('PATCH', '/rest/community-packages', { name: n8n.PACKAGE });
				expect(r.status).toBe(200);
				expect(r.json.data).toMatchObject({
					packageName: n8n.PACKAGE,
					installedVersion: NEXT_VERSION,
				});
				const [pkg] = await listed();
				expect(pkg).toMatchObject({ installedVersion: NEXT_VERSION, failedLoading: false });
				expect((await wanxTypes()).find((t) => t.name === WANX).codex.alias).toContain(NEXT_MARKER);
				expect(srv.child.pid).toBe(pid);
				expect(srv.child.exitCode).toBeNull();

				const res = await runWorkflow(srv, workflowId);
				expect(res.error).toBeUndefined();
				expect(res.status).toBe('success');
				expect(outputJson(res.data, 'Wanx')[0].images).toHaveLength(1);
				expect(syncRequests()).toHaveLength(2);
			},
			5 * MIN,
		);

		test(
			'DELETE uninstalls it; the workflow then reports the missing node plainly, and sends nothing',
			async () => {
				const r = await srv.rest('DELETE', `/rest/community-packages?name=${n8n.PACKAGE}`);
				expect(r.status).toBe(200);
				expect(await listed()).toEqual([]);
				expect(await wanxTypes()).toEqual([]);
				expect(
					fs.existsSync(path.join(srv.userFolder, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE)),
				).toBe(false);

				const before = emu.requests.length;
				const res = await runWorkflow(srv, workflowId);
				const message = res.status === 'refused' ? res.response.text : JSON.stringify(res.error);
				expect(res.status).not.toBe('success');
				expect(message).toContain(WANX);
				expect(message).toMatch(/Unrecognized node type|not known|not installed|missing/i);
				expect(emu.requests.length).toBe(before);
			},
			5 * MIN,
		);
	},
);
