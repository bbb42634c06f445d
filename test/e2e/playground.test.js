'use strict';
/**
 * Smoke test of `npm start` (test/n8n/playground.js) in a throw-away folder: n8n 2.41.1 starts with the
 * package, answers /healthz/readiness, serves the node icon, lets the owner log in, lists the Wanx
 * node, its AI-tool variant and the DashScope credential type, and has the examples imported.
 */
const fs = require('node:fs');
const { startPlayground, verifyPlayground, ICON_PATH } = require('../n8n/playground');
const n8n = require('../n8n/run');

const MIN = 60 * 1000;

describe('playground (npm start)', () => {
	let pg;
	let port;
	let folder;

	beforeAll(async () => {
		port = await n8n.freePort();
		folder = n8n.tmpDir('wanx-playground-test-');
		pg = await startPlayground({
			port,
			folder,
			emulatorPort: 0,
			build: 'auto',
			quiet: true,
			env: {}, // the emulator, whatever DASHSCOPE_API_KEY says
		});
	}, 20 * MIN);

	afterAll(async () => {
		if (pg) await pg.stop();
		if (folder) fs.rmSync(folder, { recursive: true, force: true });
	}, MIN);

	test('comes up with the package loaded, the owner able to log in, the examples imported', async () => {
		expect(pg.emulator).not.toBeNull();
		const icon = await fetch(`http://127.0.0.1:${port}${ICON_PATH}`);
		expect(icon.status).toBe(200);
		expect(await icon.text()).toContain('<svg');
		const v = await verifyPlayground(port, pg.email, pg.password);
		expect(v.login).toBe(200);
		expect(v.nodeTypes).toEqual(['n8n-nodes-wanx.wanx', 'n8n-nodes-wanx.wanxTool']);
		expect(v.credentialType).toBe(true);
		expect(v.workflows).toEqual(['wanxExAgentTool', 'wanxExEditUrls', 'wanxExStory', 'wanxExTextToFiles']);
	}, MIN);
});
