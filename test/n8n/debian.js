'use strict';
/**
 * Debian packages the real-component tests start themselves: Chromium for the editor (browser)
 * test, Redis and PostgreSQL for queue mode. `npm test` (through bootstrap.js) installs the missing
 * ones with apt when it runs as root, so a fresh CI machine needs nothing by hand; elsewhere it
 * says which are missing and the tests that need them fail with that message.
 *
 * CLI:    node test/n8n/debian.js            installs every package below that is missing
 * Module: const { ensureDebianPackages, missingCommands } = require('./debian');
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** The server binary of Debian's PostgreSQL (the client alone ships psql in the same tree). */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => b - a) : [];
	return versions.map((v) => `${root}/${v}/bin/postgres`).find((f) => fs.existsSync(f));
}

/** package → whether it is installed (the executable the tests start). */
const PACKAGES = {
	chromium: () => fs.existsSync('/usr/bin/chromium'),
	'redis-server': () => fs.existsSync('/usr/bin/redis-server'),
	postgresql: () => Boolean(postgresBin()),
};

function missing(packages = Object.keys(PACKAGES)) {
	return packages.filter((p) => !(PACKAGES[p] ? PACKAGES[p]() : fs.existsSync(`/usr/bin/${p}`)));
}

/** A message for tests: empty when everything is there. */
function missingCommands(packages) {
	const m = missing(packages);
	return m.length
		? `missing Debian package(s): ${m.join(', ')}. Run \`node test/n8n/debian.js\` as root (npm test does it).`
		: '';
}

function ensureDebianPackages(
	packages = Object.keys(PACKAGES),
	log = (s) => process.stderr.write(`${s}\n`),
) {
	const need = missing(packages);
	if (!need.length) return { installed: [], ms: 0 };
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
		log(
			`debian: cannot install ${need.join(', ')} (needs root and apt-get); tests that need them will fail`,
		);
		return { installed: [], ms: 0, skipped: need };
	}
	const t0 = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const opts = { stdio: ['ignore', 'ignore', 'inherit'], env };
	log(`debian: installing ${need.join(', ')} with apt-get`);
	let r = spawnSync('apt-get', ['update', '-qq'], opts);
	if (r.status !== 0) throw new Error('apt-get update failed');
	r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...need], opts);
	if (r.status !== 0) throw new Error(`apt-get install ${need.join(' ')} failed`);
	const still = missing(need);
	if (still.length)
		throw new Error(`apt-get installed but these are still missing: ${still.join(', ')}`);
	const ms = Date.now() - t0;
	log(`debian: installed ${need.join(', ')} in ${(ms / 1000).toFixed(1)} s`);
	return { installed: need, ms };
}

module.exports = { ensureDebianPackages, missingCommands, postgresBin, PACKAGES };

if (require.main === module) ensureDebianPackages();
