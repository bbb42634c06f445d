'use strict';
/** A test run leaves no temp folders: everything goes into the run's folder, removed at the end. */
const os = require('node:os');
const path = require('node:path');
const { ENV } = require('../tmp-root');

test('n8n instance folder and TMPDIR are inside the run folder that globalTeardown removes', () => {
	const root = process.env[ENV];
	expect(root).toMatch(/wanx-test-run-/);
	expect(path.relative(root, process.env.N8N_USER_FOLDER).startsWith('..')).toBe(false);
	expect(os.tmpdir()).toBe(root);
});
