'use strict';
/**
 * `npm run build` only when dist/ is missing or older than the sources (the e2e harness's check,
 * test/n8n/run.js buildIsStale), so `npm run test:unit` does not rebuild an unchanged package.
 * `npm test`, `npm run bench` and `npm run size` still build every time.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildIsStale } = require('../test/n8n/run');

if (buildIsStale()) {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const r = spawnSync(npm, ['run', 'build'], {
		cwd: path.resolve(__dirname, '..'),
		stdio: 'inherit',
		shell: process.platform === 'win32',
	});
	process.exit(r.status ?? 1);
} else {
	process.stderr.write('dist/ is newer than the sources: not rebuilt\n');
}
