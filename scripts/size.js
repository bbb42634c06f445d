#!/usr/bin/env node
'use strict';
/**
 * What `npm publish` would upload, measured with `npm pack --dry-run --json` (run after a build:
 * `npm run size`). Prints packed size, unpacked size and the files, and fails when the tarball is
 * over budget, holds a file n8n does not load (source maps, declarations, TypeScript sources,
 * tsc build info) or misses a file the package.json "n8n" field lists.
 * `--summary` (as `npm run lint` runs it) prints the totals without the file list.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

/**
 * Packed-size budget: 60 kB held the image family (0.2.0 packed 58 kB); the Wan video family (its
 * model table, checks, planner and operations) is budgeted at 30 kB more. 0.1.0 packed 115 kB (a
 * 216 kB tsconfig.tsbuildinfo among it).
 * npm packs every README* at the root (npm-packlist's `!/readme{,.*[^~$]}` rule), so the Chinese
 * README lives in docs/; ES2022 output ships `?.` and `??` as written.
 */
const BUDGET_BYTES = 90_000;
/** Build output that n8n never reads: not shipped (the why is in the README, Development). */
const NOT_LOADED = /\.(map|d\.ts|ts|tsbuildinfo)$/;

const REPO = path.join(__dirname, '..');
const pkg = require(path.join(REPO, 'package.json'));
const npm = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
	cwd: REPO,
	encoding: 'utf8',
});
if (npm.status !== 0) throw new Error(`npm pack --dry-run failed:\n${npm.stderr}`);
const [info] = JSON.parse(npm.stdout.slice(npm.stdout.indexOf('[')));
const files = info.files.map((f) => f.path);

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
if (!process.argv.includes('--summary')) {
	for (const f of info.files) process.stdout.write(`${kB(f.size).padStart(9)}  ${f.path}\n`);
}

const problems = [];
if (info.size > BUDGET_BYTES) {
	problems.push(`packed ${kB(info.size)} is over the ${kB(BUDGET_BYTES)} budget`);
}
for (const f of files.filter((f) => NOT_LOADED.test(f))) {
	problems.push(`${f} is packed but n8n never loads it`);
}
for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !files.includes(f))) {
	problems.push(`${f} (listed in package.json "n8n") is not packed: run npm run build`);
}

process.stdout.write(
	`${info.filename}: packed ${kB(info.size)} (budget ${kB(BUDGET_BYTES)}), ` +
		`unpacked ${kB(info.unpackedSize)}, ${info.entryCount} files\n`,
);
for (const p of problems) process.stderr.write(`size: ${p}\n`);
process.exitCode = problems.length ? 1 : 0;
