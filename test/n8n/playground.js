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
 *                          (default), ap-southeast-1, us-east-1, eu-central-1 + DASHSCOPE_WORKSPACE_ID).
 * DASHSCOPE_API_KEY unset → a local DashScope emulator (test/emulator) on 127.0.0.1:18787.
 *
 * Options: --smoke (start, verify readiness, the node icon and the login, then stop; exit code says
 * whether it worked), --port N (default 5678 / $N8N_PORT), --reset (start from an empty playground).
 * Env: WANX_PLAYGROUND_EMAIL / WANX_PLAYGROUND_PASSWORD, WANX_N8N_CACHE (cache folder).
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');
const { ensureN8n, cacheDir, N8N_V2 } = require('./bootstrap');
const n8n = require('./run');

const REGIONS = ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'];
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
	const opts = { smoke: false, reset: false, port: Number(process.env.N8N_PORT || 5678) };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--smoke') opts.smoke = true;
		else if (a === '--reset') opts.reset = true;
		else if (a === '--port') opts.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
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
	if (!REGIONS.includes(region)) throw userError(`DASHSCOPE_REGION must be one of ${REGIONS.join(', ')} (got "${region}")`);
	const workspaceId = (env.DASHSCOPE_WORKSPACE_ID || '').trim();
	if (region === 'eu-central-1' && !workspaceId) throw userError('DASHSCOPE_REGION=eu-central-1 needs DASHSCOPE_WORKSPACE_ID');
	return { apiKey, region, workspaceId };
}

/** bcrypt hash with the bcryptjs that n8n ships (this package has no bcrypt of its own). */
function bcryptHash(n8nInstall, password) {
	const req = createRequire(path.join(n8nInstall.dir, 'node_modules', 'n8n', 'package.json'));
	const bcrypt = req('bcryptjs');
	return bcrypt.hashSync(password, 10);
}

function fileHash(text) {
	return crypto.createHash('sha256').update(text).digest('hex');
}

/** Imports examples that are new or changed since the last import (hashes kept in the folder). */
async function importExamples(folder, filesDir) {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	const stateFile = path.join(folder.userFolder, 'wanx-examples.json');
	const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {};
	const changed = [];
	for (const f of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
		const text = fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8').split(EXAMPLE_OUTPUT_FOLDER).join(filesDir);
		const hash = fileHash(text);
		if (state[f] === hash) continue;
		changed.push({ file: f, wf: JSON.parse(text), hash });
	}
	if (changed.length) {
		await n8n.importWorkflows(folder, changed.map((c) => c.wf));
		for (const c of changed) state[c.file] = c.hash;
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	}
	return changed.map((c) => `${c.file} (${c.wf.name})`);
}

async function waitFor(url, { timeoutMs = 180000, child } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		if (child && child.exitCode !== null) throw new Error(`n8n exited (code ${child.exitCode}) before ${url} answered`);
		try {
			const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
			last = r.status;
			if (r.status === 200) return r;
		} catch (e) {
			last = e.code || e.message;
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/**
 * Prepares and starts the playground. Resolves once n8n is ready, to
 * { url, email, password, emulator, child, stop(), checks }.
 */
async function startPlayground(opts = {}) {
	const t0 = Date.now();
	const port = opts.port ?? 5678;
	const email = process.env.WANX_PLAYGROUND_EMAIL || 'owner@example.com';
	const password = process.env.WANX_PLAYGROUND_PASSWORD || 'Wanx-playground-1';
	const root = opts.folder || path.join(cacheDir(), 'playground');
	const filesDir = path.join(root, 'files');
	if (opts.reset) fs.rmSync(root, { recursive: true, force: true });
	fs.mkdirSync(filesDir, { recursive: true });

	// DashScope: the real service, or the emulator.
	const real = realServiceFromEnv(opts.env || process.env);

	say('building and packing the package…');
	const [{ tarball }, install] = await Promise.all([n8n.packRepo({ build: opts.build ?? true }), ensureN8n(N8N_V2)]);

	let emulator = null;
	let credData;
	if (real) {
		credData = { apiKey: real.apiKey, region: real.region, baseUrl: '', workspaceId: real.workspaceId };
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

	const brokerPort = await n8n.freePort();
	const folder = {
		version: install.version,
		n8n: install,
		userFolder: root,
		timings: {},
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		},
	};

	say(`installing ${path.basename(tarball)} into ${path.join(root, '.n8n', 'nodes')}`);
	fs.rmSync(path.join(root, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE), { recursive: true, force: true });
	await n8n.installPackage(root, tarball, install);

	const creds = [{ id: CRED_ID, name: CRED_NAME, type: 'dashScopeApi', data: credData }];
	// The AI Agent example's chat model: Qwen through DashScope's OpenAI-compatible endpoint (same
	// key), else (no key, or Frankfurt) the scripted stand-in test/emulator/openai-chat.js.
	const host = real && require(path.join(n8n.REPO, 'dist/credentials/dashScopeRegions.js')).REGION_HOSTS[real.region];
	const chatStandin = host ? null : await require('../emulator/openai-chat').startChatStandin({ apiKey: EMULATOR_KEY });
	const chatUrl = host ? `${host}/compatible-mode/v1` : chatStandin.baseUrl;
	creds.push({ id: CHAT_CRED_ID, name: CHAT_CRED_NAME, type: 'openAiApi', data: { apiKey: host ? real.apiKey : EMULATOR_KEY, url: chatUrl } });
	say('importing the credential' + (creds.length > 1 ? 's' : '') + ' (the first start also creates the database)…');
	await n8n.importCredentials(folder, creds);
	const imported = await importExamples(folder, filesDir);
	if (imported.length) say(`imported examples: ${imported.join(', ')}`);

	const env = n8n.n8nEnv(install, root, {
		...folder.env,
		N8N_PORT: String(port),
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://localhost:${port}/`,
		N8N_LOG_FORMAT: 'text',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Wanx',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Playground',
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(install, password),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
	});
	const logFile = path.join(root, 'n8n.log');
	const out = opts.quiet ? fs.openSync(logFile, 'w') : 'inherit';
	say(`starting n8n ${install.version} (Node ${install.nodeBin})…`);
	const child = spawn(install.nodeBin, [install.n8nBin, 'start'], { cwd: root, env, stdio: ['ignore', out, out] });
	if (typeof out === 'number') fs.closeSync(out);

	let stopped;
	const stop = () => {
		stopped ??= (async () => {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				const t = setTimeout(() => child.kill('SIGKILL'), 20000);
				await exited;
				clearTimeout(t);
			}
			if (emulator) await emulator.close();
			if (chatStandin) await chatStandin.close();
		})();
		return stopped;
	};

	const base = `http://127.0.0.1:${port}`;
	try {
		await waitFor(`${base}/healthz/readiness`, { child });
		const icon = await waitFor(`${base}${ICON_PATH}`, { child, timeoutMs: 30000 });
		const svg = await icon.text();
		if (!svg.includes('<svg')) throw new Error(`${ICON_PATH} is not an SVG`);
	} catch (e) {
		await stop();
		if (opts.quiet && fs.existsSync(logFile)) e.message += `\n--- n8n log (tail) ---\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`;
		throw e;
	}
	return {
		url: `http://localhost:${port}`,
		email,
		password,
		emulator,
		real,
		chatModel: chatStandin ? `a scripted stand-in on ${chatUrl} that always asks Wanx for one picture` : `qwen-plus via ${chatUrl}`,
		filesDir,
		userFolder: root,
		child,
		stop,
		logFile,
		seconds: (Date.now() - t0) / 1000,
	};
}

/** Logs in through n8n's REST API, as the sign-in page does. */
async function login(port, email, password) {
	const browserId = crypto.randomUUID();
	const r = await fetch(`http://127.0.0.1:${port}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, email, password }),
	});
	const cookie = (r.headers.getSetCookie ? r.headers.getSetCookie() : [r.headers.get('set-cookie') || ''])
		.map((c) => c.split(';')[0])
		.join('; ');
	return { status: r.status, body: await r.text(), cookie, browserId };
}

/**
 * What a person would check after `npm start`: log in, see the Wanx node and its AI-tool variant in
 * the node types, and the example workflows in the list. Resolves to a summary; throws on a failure.
 */
async function verifyPlayground(port, email, password) {
	const session = await login(port, email, password);
	if (session.status !== 200) throw new Error(`login failed: ${session.status} ${session.body.slice(0, 300)}`);
	const get = async (p) => {
		const r = await fetch(`http://127.0.0.1:${port}${p}`, { headers: { cookie: session.cookie, 'browser-id': session.browserId } });
		if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${(await r.text()).slice(0, 300)}`);
		return r.json();
	};
	const types = await get('/types/nodes.json');
	const names = new Set(types.map((t) => t.name));
	const nodeTypes = [`${n8n.PACKAGE}.wanx`, `${n8n.PACKAGE}.wanxTool`].filter((n) => names.has(n));
	const creds = await get('/types/credentials.json');
	const credentialType = creds.some((c) => c.name === 'dashScopeApi');
	const wfs = await get('/rest/workflows');
	const workflows = (wfs.data || wfs).map((w) => w.id).filter((id) => String(id).startsWith('wanxEx')).sort();
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
		`  Data:      ${pg.userFolder} (npm start -- --reset starts from scratch)`,
		'',
		'  Ctrl+C stops n8n' + (pg.emulator ? ' and the emulator' : '') + '.',
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');

	if (opts.smoke) {
		try {
			const v = await verifyPlayground(opts.port, pg.email, pg.password);
			say(`readiness 200, icon ${ICON_PATH} 200, login ${v.login}, node types ${v.nodeTypes.join(' ')}, credential type dashScopeApi ${v.credentialType ? 'found' : 'MISSING'}, examples ${v.workflows.join(' ')}`);
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
		if (pg.emulator) await pg.emulator.close();
		say(`n8n exited (${code})`);
		process.exit(code ?? 0);
	});
}

module.exports = { startPlayground, login, verifyPlayground, realServiceFromEnv, bcryptHash, REGIONS, CRED_ID, CRED_NAME, ICON_PATH, EXAMPLE_OUTPUT_FOLDER };

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`[playground] failed: ${e.userError ? e.message : e.stack || e}\n`);
		process.exit(1);
	});
}
