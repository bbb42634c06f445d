'use strict';
/**
 * Installed the way containers and pipelines install community packages: by n8n's environment
 * (N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV + N8N_COMMUNITY_PACKAGES, n8n >= 2.21), which n8n
 * reconciles at every start of the main instance, before the server listens
 * (packages/cli/src/instance-settings-loader/loaders/community-packages.instance-settings-loader.ts).
 * This is the path of n8n 3, which runs only as a Docker image.
 *
 * The packed package is published to a local Verdaccio; n8n starts with the settings n8n 3 asks for
 * spelled out: N8N_UNVERIFIED_PACKAGES_ENABLED=true (3.0 turns its default to false) and
 * N8N_DEFAULT_BINARY_DATA_MODE=filesystem (3.0 removes in-memory mode). A workflow writes the
 * image the node downloaded with Read/Write Files from Disk, and the bytes on disk are compared
 * with the bytes the DashScope emulator served. N8N_VERIFIED_PACKAGES_ENABLED=false keeps n8n from
 * asking api.n8n.io for its list of verified packages (tests stay off the internet; this package
 * is not on that list, so the outcome is the same).
 *
 * The custom registry needs a licence feature that n8n's E2E mode can only grant after start:
 * test/n8n/custom-registry-licence.js grants it at load.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator } = require('../emulator');
const { N8N_V2 } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');
const { startN8nServer, runWorkflow, outputJson } = require('../n8n/server');
const { startRegistry } = require('../n8n/registry');

const MIN = 60 * 1000;
const API_KEY = 'sk-e2e-env-install-0123456789abcdef';
const WANX = `${n8n.PACKAGE}.wanx`;
const VERSION = require('../../package.json').version;
const PROMPT = 'e2e env install: a paper crane on a windowsill';
const INSTALLED_LOG = `Installed community package '${n8n.PACKAGE}@${VERSION}' from env`;
const REFUSED_LOG = `no checksum available for '${n8n.PACKAGE}@${VERSION}' and unverified packages are disabled`;

/** The files under `dir`, recursively (relative paths). */
function filesUnder(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { recursive: true }).filter((f) => {
		return fs.statSync(path.join(dir, f)).isFile();
	});
}

describe(`installed by N8N_COMMUNITY_PACKAGES at start (n8n ${N8N_V2}, filesystem binary data)`, () => {
	let emu;
	let reg;
	let srv;
	let userFolder;
	let outDir;
	let baseEnv;
	let firstLog = '';

	const start = (env = {}) =>
		startN8nServer({ userFolder, env: { ...baseEnv, ...env }, readyTimeoutMs: 6 * MIN });
	/** srv.rest, with the network cause of a failed call in its message. */
	const rest = async (...args) => {
		try {
			return await srv.rest(...args);
		} catch (e) {
			throw new Error(`${args[0]} ${args[1]}: ${e.message} (${e.cause?.code} ${e.cause?.message})`);
		}
	};
	const listed = async () => {
		const r = await srv.rest('GET', '/rest/community-packages');
		expect(r.status).toBe(200);
		return r.json.data.filter((p) => p.packageName === n8n.PACKAGE);
	};
	const wanxTypes = async () => {
		const r = await srv.rest('GET', '/types/nodes.json');
		expect(r.status).toBe(200);
		return r.json.filter((t) => t.name.startsWith(`${n8n.PACKAGE}.`)).map((t) => t.name);
	};

	beforeAll(async () => {
		userFolder = n8n.tmpDir('wanx-env-install-');
		outDir = n8n.tmpDir('wanx-env-install-out-');
		let tarball;
		[{ tarball }, reg, emu] = await Promise.all([
			n8n.packRepo(),
			startRegistry(),
			startEmulator({ port: 0, apiKey: API_KEY, limits: false }),
		]);
		await reg.publish(tarball);
		baseEnv = {
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: n8n.PACKAGE, version: VERSION }]),
			N8N_COMMUNITY_PACKAGES_REGISTRY: reg.url,
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: outDir,
			NODE_OPTIONS: `--require ${path.join(__dirname, '..', 'n8n', 'custom-registry-licence.js')}`,
		};
		srv = await start();
		firstLog = srv.logTail(1e7);
	}, 20 * MIN);

	afterAll(async () => {
		await Promise.all([srv?.stop(), reg?.close(), emu?.close()]);
		for (const dir of [userFolder, outDir])
			if (dir) fs.rmSync(dir, { recursive: true, force: true });
	}, 2 * MIN);

	test('n8n installs it from the registry while starting: listed, loaded, in the nodes folder', async () => {
		expect(firstLog).toContain(INSTALLED_LOG);
		const [pkg] = await listed();
		expect(pkg).toMatchObject({ installedVersion: VERSION, failedLoading: false });
		expect(pkg.installedNodes.map((n) => n.type)).toEqual([WANX]);
		expect((await wanxTypes()).sort()).toEqual([WANX, `${WANX}Tool`]);
		const installed = path.join(userFolder, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE);
		expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).version).toBe(
			VERSION,
		);
	});

	test(
		'a workflow runs it; the image is kept on the filesystem and written to disk byte for byte',
		async () => {
			expect(await listed()).toHaveLength(1);
			const cred = await rest('POST', '/rest/credentials', {
				name: 'DashScope (emulator)',
				type: 'dashScopeApi',
				data: { apiKey: API_KEY, region: 'custom', baseUrl: emu.url, workspaceId: '' },
			});
			expect(cred.status).toBe(200);
			const credentials = { dashScopeApi: { id: cred.json.data.id, name: cred.json.data.name } };
			const node = (name, type, parameters, extra = {}) => ({
				id: `00000000-0000-4000-8000-00000000000${Object.keys(nodes).length + 1}`,
				name,
				type,
				typeVersion: 1,
				position: [Object.keys(nodes).length * 220, 0],
				parameters,
				...extra,
			});
			const nodes = {};
			nodes.trigger = node('Manual Trigger', 'n8n-nodes-base.manualTrigger', {});
			nodes.wanx = node(
				'Wanx',
				WANX,
				{
					resource: 'image',
					model: 'wan2.6-image',
					operation: 'generate',
					mode: 'edit',
					prompt: PROMPT,
					referenceImages: {
						images: [{ source: 'url', url: 'https://example.com/e2e/crane.png' }],
					},
					n: 1,
					options: { downloadImages: true },
				},
				{ credentials },
			);
			nodes.write = node('Write Files', 'n8n-nodes-base.readWriteFile', {
				operation: 'write',
				fileName: `={{ ${JSON.stringify(outDir + '/')} + $json.requestId + '.png' }}`,
				dataPropertyName: 'data',
				options: {},
			});
			const created = await rest('POST', '/rest/workflows', {
				name: 'env install: edit and write to disk',
				active: false,
				settings: { executionOrder: 'v1' },
				nodes: Object.values(nodes),
				connections: {
					'Manual Trigger': { main: [[{ node: 'Wanx', type: 'main', index: 0 }]] },
					Wanx: { main: [[{ node: 'Write Files', type: 'main', index: 0 }]] },
				},
			});
			expect(created.status).toBe(200);

			const res = await runWorkflow(srv, created.json.data.id);
			expect(res.error).toBeUndefined();
			expect(res.status).toBe('success');
			const [out] = outputJson(res.data, 'Wanx');
			expect(out.images).toHaveLength(1);
			expect(out.images[0]).toMatch(new RegExp(`^${emu.url}/results/`));
			const served = Buffer.from(await (await fetch(out.images[0])).arrayBuffer());
			expect(served.subarray(1, 4).toString()).toBe('PNG');

			// Filesystem mode: the item carries a reference, the bytes sit in n8n's storage folder.
			const binary = res.data.resultData.runData.Wanx[0].data.main[0][0].binary.data;
			expect(binary).toMatchObject({ mimeType: 'image/png' });
			expect(binary.id).toMatch(/^filesystem(-v2)?:/);
			const storageKey = binary.id.slice(binary.id.indexOf(':') + 1);
			const stored = filesUnder(path.join(userFolder, '.n8n')).filter((f) =>
				f.endsWith(storageKey),
			);
			expect(stored).toHaveLength(1);
			expect(fs.readFileSync(path.join(userFolder, '.n8n', stored[0])).equals(served)).toBe(true);

			// Downstream, the Write Files node wrote those bytes.
			const [written] = outputJson(res.data, 'Write Files');
			expect(written.fileName).toBe(path.join(outDir, `${out.requestId}.png`));
			expect(fs.readFileSync(written.fileName).equals(served)).toBe(true);
			expect(filesUnder(outDir)).toEqual([`${out.requestId}.png`]);
		},
		5 * MIN,
	);

	test(
		'a restart with the same environment keeps it without installing again',
		async () => {
			await srv.stop();
			const before = fs.statSync(srv.logFile).size;
			srv = await start();
			const log = fs.readFileSync(srv.logFile).subarray(before).toString();
			expect(log).toContain('reconciling installed community packages from env');
			expect(log).not.toContain(INSTALLED_LOG);
			const [pkg] = await listed();
			expect(pkg).toMatchObject({ installedVersion: VERSION, failedLoading: false });
			expect(await wanxTypes()).toContain(WANX);
		},
		8 * MIN,
	);

	test(
		"n8n 3's default (N8N_UNVERIFIED_PACKAGES_ENABLED=false) refuses to start with this unverified package",
		async () => {
			await srv.stop();
			srv = undefined;
			const refused = await start({ N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' }).then(
				(s) => ((srv = s), null),
				(e) => e,
			);
			expect(refused).toBeInstanceOf(Error);
			expect(refused.message).toContain(REFUSED_LOG);
		},
		8 * MIN,
	);
});
