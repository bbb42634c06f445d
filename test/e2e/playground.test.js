'use strict';
/**
 * `npm start` (test/n8n/playground.js) as a newcomer meets it, in a throw-away folder: n8n 2.41.1
 * starts with the package registered in Settings → Community Nodes, answers /healthz/readiness,
 * serves the node icon, lets the owner log in, lists the node, its AI-tool variant, the DashScope
 * credential type and the examples. A second start on the same folder refuses without touching the
 * running one; a busy port is never mistaken for ours; a restart keeps the browser session and the
 * edits to the examples; --reset restores the examples.
 */
const fs = require('node:fs');
const path = require('node:path');
const {
	startPlayground,
	verifyPlayground,
	choosePort,
	ICON_PATH,
	CRED_ID,
} = require('../n8n/playground');
const { login, restCall } = require('../n8n/server');
const n8n = require('../n8n/run');

const MIN = 60 * 1000;
const EDITED = 'wanxExStory';
/** The ids of examples/*.json: every one is imported. */
const EXAMPLE_IDS = fs
	.readdirSync(path.join(n8n.REPO, 'examples'))
	.filter((f) => f.endsWith('.json'))
	.map((f) => JSON.parse(fs.readFileSync(path.join(n8n.REPO, 'examples', f), 'utf8')).id)
	.sort();

describe('playground (npm start)', () => {
	let pg;
	let port;
	let folder;
	let session;
	const start = (extra = {}) =>
		startPlayground({
			port,
			strictPort: true,
			folder,
			emulatorPort: 0,
			build: 'auto',
			quiet: true,
			env: {},
			...extra,
		});
	const rest = (method, p, body) => restCall(`http://127.0.0.1:${port}`, session, method, p, body);

	beforeAll(async () => {
		port = await n8n.freePort();
		folder = n8n.tmpDir('wanx-playground-test-');
		pg = await start(); // the emulator, whatever DASHSCOPE_API_KEY says
	}, 20 * MIN);

	afterAll(async () => {
		if (pg) await pg.stop();
		if (folder) fs.rmSync(folder, { recursive: true, force: true });
	}, MIN);

	test(
		'comes up with the package loaded, the owner able to log in, the examples imported',
		async () => {
			expect(pg.emulator).not.toBeNull();
			expect(pg.port).toBe(port);
			const icon = await fetch(`http://127.0.0.1:${port}${ICON_PATH}`);
			expect(icon.status).toBe(200);
			expect(await icon.text()).toContain('<svg');
			const v = await verifyPlayground(port, pg.email, pg.password);
			expect(v.login).toBe(200);
			expect(v.nodeTypes).toEqual(['n8n-nodes-wanx.wanx', 'n8n-nodes-wanx.wanxTool']);
			expect(v.credentialType).toBe(true);
			expect(EXAMPLE_IDS).toEqual([
				'wanxExAgentTool',
				'wanxExEditUrls',
				'wanxExImageSetFiles',
				'wanxExImageToVideo',
				'wanxExReferenceToVideo',
				'wanxExStory',
				'wanxExTextToFiles',
				'wanxExTextToVideo',
			]);
			expect(v.workflows).toEqual(EXAMPLE_IDS);
		},
		MIN,
	);

	test(
		'Settings → Community Nodes lists the package (registered, so it can be updated or removed there)',
		async () => {
			session = await login(`http://127.0.0.1:${port}`, pg.email, pg.password);
			expect(session.status).toBe(200);
			const r = await rest('GET', '/rest/community-packages');
			expect(r.status).toBe(200);
			const pkg = r.json.data.find((p) => p.packageName === n8n.PACKAGE);
			expect(pkg).toMatchObject({
				installedVersion: require('../../package.json').version,
				failedLoading: false,
			});
			expect(pkg.installedNodes.map((n) => n.type)).toEqual(['n8n-nodes-wanx.wanx']);
		},
		MIN,
	);

	test(
		'a second start on the same folder refuses, and leaves the running one and its credential alone',
		async () => {
			const cred = async () =>
				(await rest('GET', `/rest/credentials/${CRED_ID}?includeData=true`)).json.data.data;
			const before = await cred();
			expect(before.baseUrl).toBe(pg.emulator.url);
			const err = await start({ port: await n8n.freePort() }).catch((e) => e);
			expect(err).toBeInstanceOf(Error);
			expect(err.userError).toBe(true);
			expect(err.message).toContain(
				`already running this playground (pid ${process.pid}, ${pg.url})`,
			);
			expect(await cred()).toEqual(before);
			expect((await fetch(`http://127.0.0.1:${port}/healthz/readiness`)).status).toBe(200);
		},
		MIN,
	);

	test('a busy port is refused when asked for, else replaced by a free one (and said)', async () => {
		await expect(choosePort(port, { strict: true })).rejects.toThrow(
			`port ${port} is in use by another program`,
		);
		const other = await choosePort(port, { strict: false });
		expect(other).not.toBe(port);
		expect(Number.isInteger(other) && other > 0).toBe(true);
	});

	test(
		'a restart keeps the browser session and the edits to the examples; --reset restores them',
		async () => {
			const wf = (await rest('GET', `/rest/workflows/${EDITED}`)).json.data;
			const original = wf.name;
			const patched = await rest('PATCH', `/rest/workflows/${EDITED}`, {
				name: `${original} (edited)`,
				versionId: wf.versionId,
			});
			expect(patched.status).toBe(200);
			const hash = JSON.parse(fs.readFileSync(`${folder}/wanx-owner.json`, 'utf8')).passwordHash;

			await pg.stop();
			pg = await start();
			expect(pg.examples).toEqual({ imported: [], restored: false });
			expect(JSON.parse(fs.readFileSync(`${folder}/wanx-owner.json`, 'utf8')).passwordHash).toBe(
				hash,
			);
			const me = await rest('GET', '/rest/login'); // the old cookie: still signed in
			expect(me.status).toBe(200);
			expect(me.json.data.email).toBe(pg.email);
			expect((await rest('GET', `/rest/workflows/${EDITED}`)).json.data.name).toBe(
				`${original} (edited)`,
			);

			await pg.stop();
			pg = await start({ reset: true });
			expect(pg.examples.restored).toBe(true);
			expect(pg.examples.imported).toHaveLength(EXAMPLE_IDS.length);
			expect((await rest('GET', `/rest/workflows/${EDITED}`)).json.data.name).toBe(original);
		},
		15 * MIN,
	);
});
