'use strict';
/**
 * One temp folder per test run for everything the suites need as n8n's instance folder, so a run
 * leaves nothing behind: jest's globalSetup makes it (WANX_TEST_TMP, inherited by the workers),
 * each worker takes a sub-folder of it, globalTeardown removes it. Outside jest (the benchmarks),
 * userFolder() makes a folder of its own and removes it when the process exits. TMPDIR points into
 * the run's folder as well, so temp folders made by the e2e harness, n8n or npm go with it.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ENV = 'WANX_TEST_TMP';

/** n8n's instance folder for this process: under the run's folder, else a temp one removed on exit. */
function userFolder() {
	const root = process.env[ENV];
	if (root && fs.existsSync(root)) {
		const dir = path.join(root, `worker-${process.env.JEST_WORKER_ID || process.pid}`);
		fs.mkdirSync(dir, { recursive: true });
		return dir;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wanx-test-'));
	process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	return dir;
}

async function globalSetup() {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wanx-test-run-'));
	process.env[ENV] = root;
	// Whatever else a test, n8n or npm puts in the temp folder lands in this one too.
	process.env.TMPDIR = root;
}

async function globalTeardown() {
	const root = process.env[ENV];
	if (root) fs.rmSync(root, { recursive: true, force: true });
}

module.exports = { userFolder, globalSetup, globalTeardown, ENV };
