#!/usr/bin/env node
'use strict';
/**
 * `npm start`: a local n8n 2.41.1 with this package installed, ready to click through.
 *
 *   1. builds and packs the package, installs n8n 2.41.1 (+ Node 24) into the cache if needed
 *   2. installs the packed package into <cache>/playground/.n8n/nodes like the Community Nodes panel
 *   3. owner account from env (N8N_INSTANCE_OWNER_MANAGED_BY_ENV + a bcrypt hash made with the
 *      bcryptjs that n8n itself ships)
 *   4. imports a DashScope credential and the examples/ workflows (new or changed ones only, so your
 *      edits to the imported copies survive restarts)
 *   5. `n8n start` on http://localhost:5678 and prints how to log in
 *
 * DASHSCOPE_API_KEY set  → the credential targets the real service (DASHSCOPE_REGION: cn-beijing
 *                          (default), cn-hongkong, ap-southeast-1, us-east-1, eu-central-1 +
 *                          DASHSCOPE_WORKSPACE_ID).
 * DASHSCOPE_API_KEY unset → a local DashScope emulator (test/emulator) on 127.0.0.1:18787.
 *
 * Options: --smoke (start, verify readiness, the node icon and the login, then stop; exit code says
 * whether it worked), --port N (default 5678 / $N8N_PORT; without either, a busy 5678 makes it start
 * on a free port and say which), --reset (import the examples again, replacing edits to them).
 * A second `npm start` on the same playground folder refuses while the first one runs (lock file).
 * Env: WANX_PLAYGROUND_EMAIL / WANX_PLAYGROUND_PASSWORD, WANX_N8N_CACHE (cache folder).
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { ensureN8n, cacheDir, N8N_V2 } = require('./bootstrap');
const n8n = require('./run');
const {
	startN8nServer,
	portIsFreeEverywhere,
	bcryptHash,
	bcryptMatches,
	login: serverLogin,
	restCall,
} = require('./server');

// The credential's regions (credentials/dashScopeRegions.ts; test/unit/regions.test.ts keeps them equal).
const REGIONS = ['cn-beijing', 'cn-hongkong', 'ap-southeast-1', 'us-east-1', 'eu-central-1'];
const EMULATOR_KEY = 'sk-emulator-playground';
const CRED_ID = 'wanxDashScopeCred'; // referenced by examples/*.json
const CRED_NAME = 'DashScope account';
const CHAT_CRED_ID = 'wanxChatModelCred'; // the AI Agent example's chat model (OpenAI Chat Model)
const CHAT_CRED_NAME = 'Chat model (OpenAI-compatible)';
const EXAMPLES_DIR = path.join(n8n.REPO, 'examples');
/** The folder the examples write files to; the playground points it at its own files folder. */
const EXAMPLE_OUTPUT_FOLDER = '/tmp/n8n-wanx';
const ICON_PATH = `/icons/${n8n.PACKAGE}/dist/nodes/Wanx/wanx.svg`;

const say = (msg) => process.stdout.write(`[playground] ${msg}\n`);

function parseArgs(argv) {
	const opts = {
		smoke: false,
		reset: false,
		port: Number(process.env.N8N_PORT || 5678),
		strictPort: !!process.env.N8N_PORT,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--smoke') opts.smoke = true;
		else if (a === '--reset') opts.reset = true;
		else if (a === '--port') Object.assign(opts, { port: Number(argv[++i]), strictPort: true });
		else if (a.startsWith('--port='))
			Object.assign(opts, { port: Number(a.slice(7)), strictPort: true });
		else if (a === '--help' || a === '-h') opts.help = true;
		else throw new Error(`unknown argument ${a}`);
	}
	if (!Number.isInteger(opts.port) || opts.port < 0) throw new Error('--port needs a number');
	return opts;
}

/** The DashScope target: the real service when DASHSCOPE_API_KEY is set, else the emulator. */
function userError(message) {
	return Object.assign(new Error(message), { userError: true });
}

function realServiceFromEnv(env = process.env) {
	const apiKey = (env.DASHSCOPE_API_KEY || '').trim();
	if (!apiKey) return null;
	const region = (env.DASHSCOPE_REGION || 'cn-beijing').trim();
	if (!REGIONS.includes(region))
		throw userError(`DASHSCOPE_REGION must be one of ${REGIONS.join(', ')} (got "${region}")`);
	const workspaceId = (env.DASHSCOPE_WORKSPACE_ID || '').trim();
	if (region === 'eu-central-1' && !workspaceId)
		throw userError('DASHSCOPE_REGION=eu-central-1 needs DASHSCOPE_WORKSPACE_ID');
	return { apiKey, region, workspaceId };
}

function fileHash(text) {
	return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * Imports examples that are new or changed in examples/ since the last import (hashes kept in the
 * folder), so a person's edits to the imported copies survive restarts; `force` imports all of them
 * again (same ids: the copies are replaced).
 */
async function importExamples(folder, filesDir, { force = false } = {}) {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	const stateFile = path.join(folder.userFolder, 'wanx-examples.json');
	const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {};
	const changed = [];
	for (const f of fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const text = fs
			.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')
			.split(EXAMPLE_OUTPUT_FOLDER)
			.join(filesDir);
		const hash = fileHash(text);
		if (state[f] === hash && !force) continue;
		changed.push({ file: f, wf: JSON.parse(text), hash });
	}
	if (changed.length) {
		await n8n.importWorkflows(
			folder,
			changed.map((c) => c.wf),
		);
		for (const c of changed) state[c.file] = c.hash;
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	}
	return changed.map((c) => `${c.file} (${c.wf.name})`);
}

/**
 * One `npm start` per playground folder: a lock file with the pid and URL of the running one. A
 * second start refuses before it touches anything (the database, the credential, the examples).
 * Resolves to release().
 */
/** Playground folders this process runs (a second start in the same process is refused too). */
const lockedHere = new Set();
function acquireLock(root) {
	const file = path.join(root, 'npm-start.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(
				file,
				JSON.stringify({ pid: process.pid, since: new Date().toISOString() }),
				{ flag: 'wx' },
			);
			lockedHere.add(root);
			const release = () => {
				lockedHere.delete(root);
				try {
					if (JSON.parse(fs.readFileSync(file, 'utf8')).pid === process.pid) fs.rmSync(file);
				} catch {}
			};
			const update = (info) =>
				fs.writeFileSync(
					file,
					JSON.stringify({ pid: process.pid, since: new Date().toISOString(), ...info }),
				);
			return { release, update };
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		let held;
		try {
			held = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch {}
		if (held && (held.pid === process.pid ? lockedHere.has(root) : n8n.pidAlive(held.pid))) {
			throw userError(
				`another npm start is already running this playground (pid ${held.pid}${held.url ? `, ${held.url}` : ''}).\n` +
					`Open that one, or stop it (Ctrl+C in its terminal) before starting again. Its data: ${root}`,
			);
		}
		fs.rmSync(file, { force: true }); // left by a process that is gone
	}
	throw userError(`could not take the playground lock ${file}`);
}

/**
 * The owner's password hash, made once and kept in the folder: n8n signs sessions with it, so a new
 * hash on every start would log the browser out. A new one only when the password changed.
 */
function ownerPasswordHash(install, root, email, password) {
	const file = path.join(root, 'wanx-owner.json');
	let saved;
	try {
		saved = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {}
	if (saved && saved.email === email && bcryptMatches(install, password, saved.passwordHash))
		return saved.passwordHash;
	const passwordHash = bcryptHash(install, password);
	fs.writeFileSync(file, JSON.stringify({ email, passwordHash }, null, 2));
	return passwordHash;
}

/** The port to use: the wanted one when free, else (unless it was asked for explicitly) a free one. */
async function choosePort(wanted, { strict }) {
	if (await portIsFreeEverywhere(wanted)) return wanted;
	if (strict)
		throw userError(
			`port ${wanted} is in use by another program; choose another with npm start -- --port N`,
		);
	const port = await n8n.freePort();
	say(
		`port ${wanted} is in use by another program: this playground starts on port ${port} instead`,
	);
	return port;
}

/**
 * Registers the package with n8n the way Settings → Community Nodes does, so the panel lists it (and
 * can update or remove it): the packed package is published to a local registry (Verdaccio) and a
 * short-lived n8n, pointed at it, installs it through POST /rest/community-packages (PATCH when an
 * older version is registered). That n8n runs in its end-to-end mode only for this step, the one way
 * to use a registry other than npmjs without a licence (n8n-e2e.md §7); it is then stopped, and the
 * playground itself runs without it. Done again only when the package version changes (marker file).
 */
function removeInstalledFiles(root) {
	const nodesDir = path.join(root, '.n8n', 'nodes');
	fs.rmSync(path.join(nodesDir, 'node_modules', n8n.PACKAGE), { recursive: true, force: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) return;
	const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
	if (m.dependencies) delete m.dependencies[n8n.PACKAGE];
	fs.writeFileSync(manifest, JSON.stringify(m, null, 2));
}

async function registerPackage({ install, root, tarball, port, owner, env }) {
	const marker = path.join(root, 'wanx-registered.json');
	const version = require(path.join(n8n.REPO, 'package.json')).version;
	let prev;
	try {
		prev = JSON.parse(fs.readFileSync(marker, 'utf8'));
	} catch {}
	if (prev && prev.version === version) return null;
	say(
		`registering ${n8n.PACKAGE}@${version} in Settings → Community Nodes (installed from a local registry, once)…`,
	);
	// Never registered: a copy put in the nodes folder by hand would be loaded but unregistered, and
	// in the way of the install.
	if (!prev) removeInstalledFiles(root);
	const { startRegistry } = require('./registry');
	const reg = await startRegistry();
	let server;
	try {
		await reg.publish(tarball);
		server = await startN8nServer({
			install,
			userFolder: root,
			port,
			owner,
			env: { ...env, E2E_TESTS: 'true', N8N_COMMUNITY_PACKAGES_REGISTRY: reg.url },
		});
		const f = await fetch(`${server.base}/rest/e2e/feature`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ feature: 'feat:communityNodes:customRegistry', enabled: true }),
		});
		if (f.status !== 200) throw new Error(`PATCH /rest/e2e/feature: ${f.status}`);
		const list = await server.rest('GET', '/rest/community-packages');
		const registered = (list.json?.data || []).some((p) => p.packageName === n8n.PACKAGE);
		const r = await server.rest(registered ? 'PATCH' : 'POST', '/rest/community-packages', {
			name: n8n.PACKAGE,
		});
		if (r.status !== 200)
			throw new Error(
				`${registered ? 'PATCH' : 'POST'} /rest/community-packages: ${r.status} ${r.text.slice(0, 500)}`,
			);
		fs.writeFileSync(marker, JSON.stringify({ version, at: new Date().toISOString() }, null, 2));
		return r.json.data;
	} finally {
		if (server) await server.stop();
		await reg.close();
	}
}

/**
 * Prepares and starts the playground. Resolves once n8n is ready, to
 * { url, port, email, password, emulator, real, filesDir, userFolder, child, stop(), logFile,
 *   examples: { imported, restored }, seconds }.
 */
async function startPlayground(opts = {}) {
	const t0 = Date.now();
	const email = process.env.WANX_PLAYGROUND_EMAIL || 'owner@example.com';
	const password = process.env.WANX_PLAYGROUND_PASSWORD || 'Wanx-playground-1';
	const root = opts.folder || path.join(cacheDir(), 'playground');
	const filesDir = path.join(root, 'files');
	fs.mkdirSync(filesDir, { recursive: true });
	// DashScope: the real service, or the emulator (checked before anything starts).
	const real = realServiceFromEnv(opts.env || process.env);
	const lock = acquireLock(root);
	let emulator = null;
	let chatStandin = null;
	let chatUrl;
	let server;
	try {
		const port = await choosePort(opts.port ?? 5678, { strict: !!opts.strictPort });

		say('building and packing the package…');
		const [{ tarball }, install] = await Promise.all([
			n8n.packRepo({ build: opts.build ?? true }),
			ensureN8n(N8N_V2),
		]);

		let credData;
		if (real) {
			credData = {
				apiKey: real.apiKey,
				region: real.region,
				baseUrl: '',
				workspaceId: real.workspaceId,
			};
		} else {
			const { startEmulator } = require('../emulator');
			const wanted = opts.emulatorPort ?? 18787;
			try {
				emulator = await startEmulator({ port: wanted, apiKey: EMULATOR_KEY });
			} catch (e) {
				if (e.code !== 'EADDRINUSE') throw e;
				emulator = await startEmulator({ port: 0, apiKey: EMULATOR_KEY });
				say(`port ${wanted} is busy: the emulator uses ${emulator.url} instead`);
			}
			credData = { apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emulator.url, workspaceId: '' };
		}

		const folder = {
			version: install.version,
			n8n: install,
			userFolder: root,
			timings: {},
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		};
		const owner = {
			email,
			password,
			firstName: 'Wanx',
			lastName: 'Playground',
			passwordHash: ownerPasswordHash(install, root, email, password),
		};
		const n8nEnv = { ...folder.env, N8N_LOG_FORMAT: 'text', ...opts.n8nEnv };
		const registered = await registerPackage({ install, root, tarball, port, owner, env: n8nEnv });
		if (registered)
			say(
				`Settings → Community Nodes lists ${registered.packageName} ${registered.installedVersion}`,
			);
		else {
			// Registered before: refresh the files with this build (same version, so the panel's entry holds).
			say(`installing ${path.basename(tarball)} into ${path.join(root, '.n8n', 'nodes')}`);
			fs.rmSync(path.join(root, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE), {
				recursive: true,
				force: true,
			});
			await n8n.installPackage(root, tarball, install);
		}

		const creds = [{ id: CRED_ID, name: CRED_NAME, type: 'dashScopeApi', data: credData }];
		// The AI Agent example's chat model: Qwen through DashScope's OpenAI-compatible endpoint (same
		// key), else (no key, or Frankfurt) the scripted stand-in test/emulator/openai-chat.js.
		const host =
			real &&
			require(path.join(n8n.REPO, 'dist/credentials/dashScopeRegions.js')).REGION_HOSTS[
				real.region
			];
		chatStandin = host
			? null
			: await require('../emulator/openai-chat').startChatStandin({ apiKey: EMULATOR_KEY });
		chatUrl = host ? `${host}/compatible-mode/v1` : chatStandin.baseUrl;
		creds.push({
			id: CHAT_CRED_ID,
			name: CHAT_CRED_NAME,
			type: 'openAiApi',
			data: { apiKey: host ? real.apiKey : EMULATOR_KEY, url: chatUrl },
		});
		const firstStart = !fs.existsSync(path.join(root, '.n8n', 'database.sqlite'));
		say(
			'importing the credential' +
				(creds.length > 1 ? 's' : '') +
				(firstStart ? ' (the first start also creates the database)…' : '…'),
		);
		await n8n.importCredentials(folder, creds);
		const examples = await importExamples(folder, filesDir, { force: !!opts.reset });
		if (opts.reset)
			say(
				`--reset: restored the examples from examples/ (edits to them are replaced): ${examples.join(', ')}`,
			);
		else if (examples.length) say(`imported examples: ${examples.join(', ')}`);

		say(`starting n8n ${install.version} (Node ${install.nodeBin})…`);
		server = await startN8nServer({
			install,
			userFolder: root,
			port,
			publicHost: 'localhost',
			echo: !opts.quiet,
			owner,
			env: n8nEnv,
		});
		const icon = await fetch(`${server.base}${ICON_PATH}`);
		if (icon.status !== 200 || !(await icon.text()).includes('<svg'))
			throw new Error(`${ICON_PATH} answered ${icon.status}, not the node icon`);
		lock.update({ url: server.url });
		const stop = async () => {
			await server.stop();
			if (emulator) await emulator.close();
			if (chatStandin) await chatStandin.close();
			lock.release();
		};
		return {
			url: server.url,
			port,
			email,
			password,
			emulator,
			real,
			chatModel: chatStandin
				? `a scripted stand-in on ${chatUrl} that always asks Wanx for one picture`
				: `qwen-plus via ${chatUrl}`,
			filesDir,
			userFolder: root,
			child: server.child,
			server,
			stop,
			logFile: server.logFile,
			examples: { imported: examples, restored: !!opts.reset },
			seconds: (Date.now() - t0) / 1000,
		};
	} catch (e) {
		if (server) await server.stop();
		if (emulator) await emulator.close();
		if (chatStandin) await chatStandin.close();
		lock.release();
		throw e;
	}
}

/** Logs in through n8n's REST API, as the sign-in page does. */
function login(port, email, password) {
	return serverLogin(`http://127.0.0.1:${port}`, email, password);
}

/**
 * What a person would check after `npm start`: log in, see the Wanx node and its AI-tool variant in
 * the node types, and the example workflows in the list. Resolves to a summary; throws on a failure.
 */
async function verifyPlayground(port, email, password) {
	const session = await login(port, email, password);
	if (session.status !== 200)
		throw new Error(`login failed: ${session.status} ${session.body.slice(0, 300)}`);
	const get = async (p) => {
		const r = await restCall(`http://127.0.0.1:${port}`, session, 'GET', p);
		if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${r.text.slice(0, 300)}`);
		return r.json;
	};
	const types = await get('/types/nodes.json');
	const names = new Set(types.map((t) => t.name));
	const nodeTypes = [`${n8n.PACKAGE}.wanx`, `${n8n.PACKAGE}.wanxTool`].filter((n) => names.has(n));
	const creds = await get('/types/credentials.json');
	const credentialType = creds.some((c) => c.name === 'dashScopeApi');
	const wfs = await get('/rest/workflows');
	const workflows = (wfs.data || wfs)
		.map((w) => w.id)
		.filter((id) => String(id).startsWith('wanxEx'))
		.sort();
	return { login: session.status, nodeTypes, credentialType, workflows };
}

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		process.stderr.write(`${e.message}\n`);
		process.exit(2);
	}
	if (opts.help) {
		process.stdout.write('Usage: npm start [-- --port 5678] [-- --reset] [-- --smoke]\n');
		return;
	}
	const pg = await startPlayground({ ...opts, quiet: opts.smoke });
	const lines = [
		'',
		`n8n ${N8N_V2} with n8n-nodes-wanx is running (ready in ${pg.seconds.toFixed(0)} s):`,
		'',
		`  open      ${pg.url}`,
		`  email     ${pg.email}`,
		`  password  ${pg.password}`,
		'',
		pg.real
			? `  DashScope: the REAL service, region ${pg.real.region}${pg.real.workspaceId ? `, workspace ${pg.real.workspaceId}` : ''} (credential "${CRED_NAME}"). Runs cost money.`
			: `  DashScope: NOT the real service. A local emulator answers on ${pg.emulator.url} (credential "${CRED_NAME}",\n` +
				'             region "custom"); it returns generated placeholder PNGs. For the real service, stop this and run\n' +
				'             DASHSCOPE_API_KEY=sk-... [DASHSCOPE_REGION=ap-southeast-1] npm start',
		`  AI Agent example's chat model: ${pg.chatModel}`,
		`  Examples:  in Overview; files written by them land in ${pg.filesDir}`,
		`  Data:      ${pg.userFolder}; your edits to the examples are kept across restarts,`,
		'             npm start -- --reset restores them from examples/',
		'',
		'  Ctrl+C stops n8n' + (pg.emulator ? ' and the emulator' : '') + '.',
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');

	if (opts.smoke) {
		try {
			const v = await verifyPlayground(pg.port, pg.email, pg.password);
			say(
				`readiness 200, icon ${ICON_PATH} 200, login ${v.login}, node types ${v.nodeTypes.join(' ')}, credential type dashScopeApi ${v.credentialType ? 'found' : 'MISSING'}, examples ${v.workflows.join(' ')}`,
			);
			process.exitCode = v.nodeTypes.length === 2 && v.credentialType ? 0 : 1;
		} catch (e) {
			say(`smoke check FAILED: ${e.message}`);
			process.exitCode = 1;
		}
		await pg.stop();
		say(process.exitCode ? 'smoke test failed' : 'smoke test passed; n8n stopped');
		return;
	}
	const onSignal = async () => {
		say('stopping…');
		await pg.stop();
		process.exit(0);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	pg.child.on('exit', async (code) => {
		await pg.stop();
		say(`n8n exited (${code})`);
		process.exit(code ?? 0);
	});
}

module.exports = {
	startPlayground,
	login,
	verifyPlayground,
	realServiceFromEnv,
	bcryptHash,
	acquireLock,
	choosePort,
	REGIONS,
	CRED_ID,
	CRED_NAME,
	ICON_PATH,
	EXAMPLE_OUTPUT_FOLDER,
};

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`[playground] failed: ${e.userError ? e.message : e.stack || e}\n`);
		process.exit(1);
	});
}
