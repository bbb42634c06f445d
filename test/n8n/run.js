'use strict';
/**
 * Helpers that run this package inside a REAL n8n (installed by ./bootstrap.js), headless:
 *
 *   const n8n = require('./run');
 *   const { tarball } = await n8n.packRepo();                       // npm run build (if stale) + npm pack
 *   const folder = await n8n.prepareUserFolder({ version: '2.41.1', tarball, credentials, workflows });
 *   const res = await n8n.executeWorkflow(folder, 'wfId');          // copy of the folder, `n8n execute --id`
 *   res.ok, res.status, res.run (IRun JSON), n8n.nodeJson(res.run, 'Wanx')
 *
 * The package is installed into <userFolder>/.n8n/nodes/node_modules the way n8n's Community Nodes
 * panel does it (tarball extracted, dev/peer/optional deps dropped, `npm install` with n8n's flags,
 * entry in nodes/package.json), so `files`, the `n8n` field and the icons are exercised.
 * Every n8n process gets its own task-broker port and listens on 127.0.0.1 only.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensureN8n, cacheDir, cleanEnv, pidAlive } = require('./bootstrap');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(REPO, 'package.json')).name;
const ENCRYPTION_KEY = 'wanx-e2e-encryption-key-0123456789abcdef';

// ------------------------------------------------------------------------------------ utilities

function tmpDir(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Ports handed out by this process are never handed out twice (the OS may otherwise reuse them). */
const usedPorts = new Set();
async function freePort() {
	for (let i = 0; i < 50; i++) {
		const port = await new Promise((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const { port: p } = srv.address();
				srv.close(() => resolve(p));
			});
		});
		if (!usedPorts.has(port)) {
			usedPorts.add(port);
			return port;
		}
	}
	throw new Error('no free port found');
}

function run(cmd, args, opts = {}) {
	const { cwd = REPO, env = process.env, timeoutMs = 10 * 60 * 1000, input } = opts;
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			stderr += `\n[killed after ${timeoutMs} ms]`;
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

async function mustRun(cmd, args, opts) {
	const r = await run(cmd, args, opts);
	if (r.code !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${r.code}${r.signal ? ', ' + r.signal : ''}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`,
		);
	}
	return r;
}

// ------------------------------------------------------------------------------------ packing

function newestMtime(p) {
	let newest = 0;
	const walk = (q) => {
		let st;
		try {
			st = fs.statSync(q);
		} catch {
			return;
		}
		// A folder's own time counts too: removing or renaming a source file changes only that.
		newest = Math.max(newest, st.mtimeMs);
		if (st.isDirectory()) for (const e of fs.readdirSync(q)) walk(path.join(q, e));
	};
	walk(p);
	return newest;
}

/**
 * dist/ is missing or older than a source file or folder (nodes/, credentials/, package.json,
 * tsconfig, gulpfile).
 */
function buildIsStale() {
	const dist = path.join(REPO, 'dist');
	if (!fs.existsSync(dist)) return true;
	const src = Math.max(
		...['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'].map((p) =>
			newestMtime(path.join(REPO, p)),
		),
	);
	return src > newestMtime(dist);
}

let packed;
/**
 * `npm run build` (always with build:true, when dist/ is stale with 'auto') then `npm pack` into
 * <cache>/pack/<pid>/. Memoized per process. Resolves to { tarball, dir, files }.
 */
function packRepo({ build = 'auto' } = {}) {
	packed ??= (async () => {
		const env = cleanEnv();
		if (build === true || (build === 'auto' && buildIsStale())) {
			const t = Date.now();
			await mustRun('npm', ['run', 'build'], { cwd: REPO, env });
			log(`built the package in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		}
		// <cache>/pack/<pid>: one folder per process, removed by a later run once that process is gone
		// (jest may end its workers without an 'exit' event).
		const packs = path.join(cacheDir(), 'pack');
		fs.mkdirSync(packs, { recursive: true });
		for (const e of fs.readdirSync(packs)) {
			if (/^\d+$/.test(e) && Number(e) !== process.pid && !pidAlive(Number(e)))
				fs.rmSync(path.join(packs, e), { recursive: true, force: true });
		}
		const dir = path.join(packs, String(process.pid));
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir);
		// The repo's .npmrc has ignore-scripts=true: no lifecycle script runs on pack.
		const r = await mustRun('npm', ['pack', '--json', '--pack-destination', dir], {
			cwd: REPO,
			env,
		});
		const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
		return { tarball: path.join(dir, info.filename), dir, files: info.files.map((f) => f.path) };
	})();
	packed.catch(() => (packed = undefined));
	return packed;
}

function log(msg) {
	if (process.env.WANX_E2E_QUIET) return;
	process.stderr.write(`[wanx] ${msg}\n`);
}

// ------------------------------------------------------------------------------------ n8n CLI

/** The environment of every n8n process: its own user folder, 127.0.0.1 only, quiet, JSON logs. */
function n8nEnv(n8n, userFolder, extra = {}) {
	return {
		...n8n.env,
		HOME: userFolder, // n8n and npm leave the real home alone
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		NODE_ENV: 'production',
		...extra,
	};
}

/** Runs one n8n CLI command (with a fresh task-broker port). */
async function n8nCli(folder, args, { env = {}, timeoutMs = 120000 } = {}) {
	const brokerPort = await freePort();
	const e = n8nEnv(folder.n8n, folder.userFolder, {
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...folder.env,
		...env,
	});
	const started = Date.now();
	const r = await run(folder.n8n.nodeBin, [folder.n8n.n8nBin, ...args], {
		cwd: folder.userFolder,
		env: e,
		timeoutMs,
	});
	r.ms = Date.now() - started;
	return r;
}

/** NDJSON lines of N8N_LOG_FORMAT=json output (non-JSON lines are kept as {level:'raw'}). */
function parseLogLines(stdout) {
	return stdout
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => {
			try {
				const o = JSON.parse(l);
				return o && typeof o === 'object' ? o : { level: 'raw', message: l };
			} catch {
				return { level: 'raw', message: l };
			}
		});
}

/** The run data of `n8n execute --rawOutput`: the last info line whose message is a JSON object. */
function extractRun(lines) {
	for (let i = lines.length - 1; i >= 0; i--) {
		const m = lines[i].message;
		if (typeof m === 'string' && m.trimStart().startsWith('{')) {
			try {
				const o = JSON.parse(m);
				if (o && (o.data || o.status || o.finished !== undefined)) return o;
			} catch {}
		}
	}
	// Without JSON logs (or an old n8n): the pretty-printed object starts at a line that is "{".
	const raw = lines.filter((l) => l.level === 'raw').map((l) => l.message);
	const start = raw.lastIndexOf('{');
	if (start >= 0) {
		try {
			return JSON.parse(raw.slice(start).join('\n'));
		} catch {}
	}
	return undefined;
}

// ------------------------------------------------------------------------------------ user folders

/** Installs the packed package like the Community Nodes panel (n8n's CommunityPackagesService.downloadPackage). */
async function installPackage(userFolder, tarball, n8n) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE);
	fs.mkdirSync(pkgDir, { recursive: true });
	const nodesPkg = path.join(nodesDir, 'package.json');
	const manifest = fs.existsSync(nodesPkg)
		? JSON.parse(fs.readFileSync(nodesPkg, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	await mustRun('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	const { devDependencies, peerDependencies, optionalDependencies, ...kept } = pj;
	fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(kept, null, 2));
	const env = n8n ? n8n.env : cleanEnv();
	await mustRun(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: pkgDir, env },
	);
	manifest.dependencies = { ...(manifest.dependencies || {}), [PACKAGE]: pj.version };
	fs.writeFileSync(nodesPkg, JSON.stringify(manifest, null, 2));
	return pkgDir;
}

function writeJson(file, data) {
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/**
 * A fresh n8n user folder with the package installed, the credentials and all workflows imported.
 * `credentials`: array in n8n's import format ({id, name, type, data}); `workflows`: array of workflow
 * JSON (each with an explicit `id`, ≤ 21 chars). The result is a template: executeWorkflow() runs
 * against a copy of it, so runs never see each other's executions and can run in parallel.
 * Resolves to { version, n8n, userFolder, env, timings }.
 */
async function prepareUserFolder({
	version,
	tarball,
	credentials = [],
	workflows = [],
	userFolder,
	env = {},
} = {}) {
	const n8n = await ensureN8n(version);
	const t0 = Date.now();
	userFolder ??= tmpDir(`wanx-n8n-${n8n.version}-`);
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const folder = { version: n8n.version, n8n, userFolder, env, timings: {} };
	if (tarball) {
		const t = Date.now();
		await installPackage(userFolder, tarball, n8n);
		folder.timings.install = Date.now() - t;
	}
	if (credentials.length) await importCredentials(folder, credentials);
	if (workflows.length) await importWorkflows(folder, workflows);
	folder.timings.total = Date.now() - t0;
	return folder;
}

async function importCredentials(folder, credentials) {
	const file = writeJson(path.join(folder.userFolder, 'import-credentials.json'), credentials);
	const r = await n8nCli(folder, ['import:credentials', `--input=${file}`]);
	if (r.code !== 0) throw new Error(`import:credentials failed:\n${r.stdout}\n${r.stderr}`);
	folder.timings.importCredentials = r.ms;
	return r;
}

async function importWorkflows(folder, workflows) {
	const dir = path.join(folder.userFolder, 'import-workflows');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir);
	workflows.forEach((wf, i) =>
		writeJson(path.join(dir, `${String(i).padStart(3, '0')}-${wf.id}.json`), wf),
	);
	const r = await n8nCli(folder, ['import:workflow', '--separate', `--input=${dir}`]);
	if (r.code !== 0) throw new Error(`import:workflow failed:\n${r.stdout}\n${r.stderr}`);
	folder.timings.importWorkflows = r.ms;
	return r;
}

/** A copy of a prepared folder (database with its -wal/-shm, installed package, config). */
async function cloneUserFolder(folder, dest) {
	dest ??= tmpDir(`wanx-n8n-${folder.version}-run-`);
	await fsp.cp(folder.userFolder, dest, { recursive: true, verbatimSymlinks: true });
	return { ...folder, userFolder: dest, clonedFrom: folder.userFolder, timings: {} };
}

/**
 * `n8n execute --id=<workflowId> --rawOutput` in a copy of `folder` (unless clone:false).
 * Resolves to { ok, code, status, run, error, lines, stdout, stderr, ms, userFolder }.
 * `ok` = exit code 0; `run` = the IRun JSON (also on failure); `error` = run.data.resultData.error.
 */
async function executeWorkflow(
	folder,
	workflowId,
	{ clone = true, keep = false, env = {}, timeoutMs = 180000 } = {},
) {
	const target = clone ? await cloneUserFolder(folder) : folder;
	try {
		const r = await n8nCli(target, ['execute', `--id=${workflowId}`, '--rawOutput'], {
			env,
			timeoutMs,
		});
		const lines = parseLogLines(r.stdout);
		const runData = extractRun(lines);
		return {
			ok: r.code === 0,
			code: r.code,
			status: runData && runData.status,
			run: runData,
			error: runData && runData.data && runData.data.resultData && runData.data.resultData.error,
			lines,
			stdout: r.stdout,
			stderr: r.stderr,
			ms: r.ms,
			userFolder: target.userFolder,
		};
	} finally {
		if (clone && !keep) fs.rmSync(target.userFolder, { recursive: true, force: true });
	}
}

// ------------------------------------------------------------------------------------ run data

/** Task data of a node's runs: run.data.resultData.runData[nodeName]. */
function nodeRuns(runData, nodeName) {
	const rd = runData && runData.data && runData.data.resultData && runData.data.resultData.runData;
	return (rd && rd[nodeName]) || [];
}

/** Items of a node's output (first run, output 0 unless told). */
function nodeItems(runData, nodeName, { run = 0, output = 0 } = {}) {
	const r = nodeRuns(runData, nodeName)[run];
	const main = r && r.data && r.data.main;
	return (main && main[output]) || [];
}

/** Just the json of each output item. */
function nodeJson(runData, nodeName, opts) {
	return nodeItems(runData, nodeName, opts).map((i) => i.json);
}

/** A compact explanation for failed expectations. */
function describeResult(res) {
	const errs = res.lines
		.filter((l) => l.level === 'error' || l.level === 'warn')
		.map((l) => `${l.level}: ${l.message}`);
	return `exit ${res.code}, status ${res.status}\n${errs.slice(-10).join('\n')}\n${res.error ? JSON.stringify(res.error).slice(0, 2000) : ''}\n${res.stderr.slice(-2000)}`;
}

function removeFolder(folder) {
	if (folder && folder.userFolder) fs.rmSync(folder.userFolder, { recursive: true, force: true });
}

module.exports = {
	REPO,
	PACKAGE,
	ENCRYPTION_KEY,
	packRepo,
	buildIsStale,
	installPackage,
	prepareUserFolder,
	importCredentials,
	importWorkflows,
	cloneUserFolder,
	executeWorkflow,
	removeFolder,
	n8nCli,
	n8nEnv,
	parseLogLines,
	extractRun,
	nodeRuns,
	nodeItems,
	nodeJson,
	describeResult,
	freePort,
	pidAlive,
	tmpDir,
	run,
	mustRun,
	cacheDir,
};
