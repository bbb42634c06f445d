#!/usr/bin/env node
/**
 * Lints what npm would publish, the way n8n's scanner (`@n8n/scan-community-package`, the check
 * behind verification and the Creator Portal) lints a published tarball: every packed `.js` plus
 * the packed package.json, with the community-nodes plugin's recommended rules, the
 * eslint-plugin-n8n-nodes-base package.json rules and `no-console` as an error, inline
 * `eslint-disable` comments ignored. Warnings are printed; errors fail.
 *
 * It packs (building first when dist/ is older than the sources) with the e2e harness's packRepo,
 * so the files linted are exactly the files installed by the e2e tests and by users.
 * Usage: `npm run lint:package` (part of `npm run lint`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { ESLint } from 'eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const { packRepo } = require('../test/n8n/run.js');

/** The scanner's rule set for a tarball (scanner.mjs buildScanConfig: its .js/package.json leg). */
const packageConfig = [
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	// The scanner parses package.json with the TypeScript parser (a JSON file becomes an object
	// expression), which the package.json rules of both plugins walk.
	{ files: ['**/*.json'], languageOptions: { parser: tseslint.parser } },
];

const { tarball, files } = await packRepo();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wanx-lint-package-'));
try {
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	if (tar.status !== 0) throw new Error(`tar -xzf ${tarball}: ${tar.stderr}`);
	const targets = files.filter((f) => f.endsWith('.js') || f === 'package.json');
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: packageConfig,
	});
	const results = await eslint.lintFiles(targets.map((f) => path.join(dir, f)));
	const report = await (await eslint.loadFormatter('stylish')).format(results);
	if (report) process.stdout.write(report);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	process.stdout.write(
		`lint:package: ${targets.length} packed files (${path.basename(tarball)}), ` +
			`${errors} errors, ${warnings} warnings\n`,
	);
	process.exitCode = errors ? 1 : 0;
} finally {
	fs.rmSync(dir, { recursive: true, force: true });
}
