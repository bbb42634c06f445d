'use strict';
/**
 * A local npm registry (Verdaccio, a devDependency) for installing this package the way n8n's
 * Settings → Community Nodes does: from a registry, by name.
 *
 *   const reg = await startRegistry();         // 127.0.0.1:<free port>, storage in a temp folder
 *   await reg.publish(packageDirOrTarball);    // `npm publish` as the registry's own user
 *   reg.url                                    // for N8N_COMMUNITY_PACKAGES_REGISTRY (no trailing slash)
 *   await reg.close();                         // stops it and removes the temp folder
 *
 * Everything but this package is proxied to the registry npm is configured with (`npm config get
 * registry`), so whatever else an install asks for still resolves; this package never is, so the
 * only copy n8n can get is the one published here. Verdaccio 6 needs Node ≥ 22: it runs on the
 * Node 24 that bootstrap installs for n8n 2.x.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ensureNode24, ensureVerdaccio, envFor } = require('./bootstrap');
const n8n = require('./run');
const { listenerPids, waitForReady, stopChild } = require('./server');

const USER = {
	name: 'wanx-publisher',
	password: 'wanx-publisher-pw-1',
	email: 'publisher@example.com',
};

function uplinkRegistry() {
	const r = n8n.run('npm', ['config', 'get', 'registry'], {
		env: require('./bootstrap').cleanEnv(),
	});
	return r.then((x) => (x.stdout.trim() || 'https://registry.npmjs.org/').replace(/\/?$/, '/'));
}

function config({ storage, htpasswd, uplink, port }) {
	// JSON is valid YAML: no YAML writer needed.
	const pkg = (proxy) => ({
		access: '$all',
		publish: '$authenticated',
		unpublish: '$authenticated',
		...(proxy ? { proxy: 'upstream' } : {}),
	});
	return JSON.stringify(
		{
			storage,
			auth: { htpasswd: { file: htpasswd, max_users: 10 } },
			uplinks: { upstream: { url: uplink, timeout: '120s', max_fails: 5 } },
			packages: { [n8n.PACKAGE]: pkg(false), '@*/*': pkg(true), '**': pkg(true) },
			// The audit middleware would forward `npm audit` to the uplink; nothing here needs it.
			middlewares: { audit: { enabled: false } },
			log: { type: 'stdout', format: 'pretty', level: 'warn' },
			listen: `127.0.0.1:${port}`,
			publish: { allow_offline: true },
		},
		null,
		2,
	);
}

async function startRegistry({ timeoutMs = 60000 } = {}) {
	const dir = n8n.tmpDir('wanx-verdaccio-');
	try {
		const [nodeBin, bin, uplink, port] = await Promise.all([
			ensureNode24(),
			ensureVerdaccio(),
			uplinkRegistry(),
			n8n.freePort(),
		]);
		const cfgFile = path.join(dir, 'config.yaml');
		fs.writeFileSync(
			cfgFile,
			config({
				storage: path.join(dir, 'storage'),
				htpasswd: path.join(dir, 'htpasswd'),
				uplink,
				port,
			}),
		);
		const logFile = path.join(dir, 'verdaccio.log');
		const out = fs.openSync(logFile, 'a');
		const env = envFor(nodeBin, { HOME: dir });
		const child = spawn(nodeBin, [bin, '--config', cfgFile], {
			cwd: dir,
			env,
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		const exited = new Promise((r) => child.once('exit', r));
		const url = `http://127.0.0.1:${port}`;
		let closed;
		const close = () => {
			closed ??= (async () => {
				await stopChild(child, exited, 10000);
				fs.rmSync(dir, { recursive: true, force: true });
			})();
			return closed;
		};
		const logTail = () =>
			fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
		try {
			const owned = () => {
				const pids = listenerPids(port);
				return pids === null || pids.includes(child.pid);
			};
			await waitForReady(`${url}/-/ping`, { child, owned, timeoutMs });
		} catch (e) {
			const tail = logTail();
			await close();
			e.message += `\n--- verdaccio log ---\n${tail}`;
			throw e;
		}

		// The publisher: `npm adduser` does this PUT; the answer carries the token npm publish uses.
		const r = await fetch(`${url}/-/user/org.couchdb.user:${USER.name}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				_id: `org.couchdb.user:${USER.name}`,
				name: USER.name,
				password: USER.password,
				email: USER.email,
				type: 'user',
				roles: [],
			}),
		});
		const body = await r.json().catch(() => ({}));
		if (r.status !== 201 || !body.token) {
			await close();
			throw new Error(`verdaccio adduser: ${r.status} ${JSON.stringify(body)}`);
		}
		const npmrc = path.join(dir, 'publisher.npmrc');
		fs.writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${body.token}\n`);

		/** `npm publish` of a package folder or tarball; resolves to npm's output. */
		const publish = (what) =>
			n8n.mustRun(
				'npm',
				[
					'publish',
					what,
					'--registry',
					`${url}/`,
					'--userconfig',
					npmrc,
					'--ignore-scripts',
					'--access',
					'public',
					'--provenance=false',
				],
				{
					cwd: dir,
					env: envFor(nodeBin, { HOME: dir }),
					timeoutMs: 120000,
				},
			);

		/** The registry's packument for this package (versions, dist-tags). */
		const packument = async () => {
			const res = await fetch(`${url}/${n8n.PACKAGE}`);
			return res.status === 200 ? res.json() : null;
		};
		return { url, port, dir, child, publish, packument, logTail, close };
	} catch (e) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw e;
	}
}

module.exports = { startRegistry };
