'use strict';
/**
 * The panel as a user meets it, in the real n8n 2.41.1 editor driven by Debian's Chromium
 * (test/n8n/editor.js): the playground (test/n8n/playground.js) in a throw-away folder on a free
 * port with the DashScope emulator; sign in, add a Wanx node from the nodes panel, switch resource,
 * operation and mode and compare the fields shown with the table below, run the node against the
 * emulator and look at the image in the Binary tab, open the credential and run its test.
 *
 * Screenshots go to test/artifacts/editor/ (git-ignored); their paths are printed at the end.
 * Needs /usr/bin/chromium (`node test/n8n/debian.js`, run by `npm test`'s bootstrap).
 */
const fs = require('node:fs');
const path = require('node:path');
const { missingCommands } = require('../n8n/debian');
const { startPlayground } = require('../n8n/playground');
const n8n = require('../n8n/run');
const editor = require('../n8n/editor');

const MIN = 60 * 1000;
const ARTIFACTS = path.join(n8n.REPO, 'test', 'artifacts', 'editor');
const NODE = 'Generate images via an async task'; // n8n names a node added from an action after it

// ------------------------------------------------------------------------------------ expectations
// What the panel shows, written out: the parameter rows (labels, top level, in order) and what the
// "Add Option" list of Options offers, for every resource × operation × mode.

const IMAGE_EDIT = ['Credential', 'Resource', 'Operation', 'Mode', 'Model', 'Prompt', 'Reference Images', 'Size', 'Number of Images', 'Options'];
const IMAGE_INTERLEAVE = ['Credential', 'Resource', 'Operation', 'Mode', 'Model', 'Prompt', 'Reference Images', 'Size', 'Max Images', 'Options'];
const REQUEST = ['Negative Prompt', 'Prompt Extend', 'Seed', 'Watermark'];
const WAIT = ['Max Wait (Seconds)', 'Poll Interval (Seconds)'];
const OUTPUT = ['Download Images', 'Put Output in Field', 'One Item per Image'];
const RUN = ['Concurrency', 'Request Timeout (Seconds)'];
const RUN_IMAGE = [...RUN, 'Resubmit When Unsure', 'Submissions per Second'];

const PANEL = [
	{ resource: 'Image', operation: 'Generate', mode: 'Image Editing', fields: IMAGE_EDIT, options: [...REQUEST, ...OUTPUT, ...RUN_IMAGE] },
	{ resource: 'Image', operation: 'Generate', mode: 'Interleaved Text and Images', fields: IMAGE_INTERLEAVE, options: [...REQUEST, ...OUTPUT, ...RUN_IMAGE] },
	{ resource: 'Image', operation: 'Generate via Async Task', mode: 'Image Editing', fields: IMAGE_EDIT, options: [...REQUEST, ...WAIT, ...OUTPUT, ...RUN_IMAGE] },
	{ resource: 'Image', operation: 'Generate via Async Task', mode: 'Interleaved Text and Images', fields: IMAGE_INTERLEAVE, options: [...REQUEST, ...WAIT, ...OUTPUT, ...RUN_IMAGE] },
	{ resource: 'Image', operation: 'Submit Task', mode: 'Image Editing', fields: IMAGE_EDIT, options: [...REQUEST, ...RUN_IMAGE] },
	{ resource: 'Image', operation: 'Submit Task', mode: 'Interleaved Text and Images', fields: IMAGE_INTERLEAVE, options: [...REQUEST, ...RUN_IMAGE] },
	{ resource: 'Task', operation: 'Get', fields: ['Credential', 'Resource', 'Operation', 'Task ID', 'Wait for Completion', 'Options'], options: [...WAIT, ...OUTPUT, ...RUN] },
	{ resource: 'Task', operation: 'Cancel', fields: ['Credential', 'Resource', 'Operation', 'Task ID', 'Options'], options: RUN },
];

/** Waits (polling) until `check()` holds. */
async function until(check, what, timeoutMs = MIN) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

const rowName = (row) => [row.resource, row.operation, row.mode].filter(Boolean).join(' / ');

// ------------------------------------------------------------------------------------ the test

describe('the Wanx panel in the real n8n editor (Chromium)', () => {
	let pg;
	let folder;
	let browser;
	let page;
	const shots = [];
	const shot = async (name, locator) => shots.push(await editor.screenshot(page, ARTIFACTS, name, locator));

	beforeAll(async () => {
		const missing = missingCommands(['chromium']);
		if (missing) throw new Error(`the browser test needs Chromium: ${missing}`);
		fs.rmSync(ARTIFACTS, { recursive: true, force: true });
		folder = n8n.tmpDir('wanx-editor-test-');
		pg = await startPlayground({
			port: await n8n.freePort(),
			folder,
			emulatorPort: 0,
			build: 'auto',
			quiet: true,
			env: {}, // the emulator, whatever DASHSCOPE_API_KEY says
		});
		browser = await editor.launch();
		page = browser.page;
	}, 20 * MIN);

	afterAll(async () => {
		if (browser) await browser.close();
		if (pg) await pg.stop();
		if (folder) fs.rmSync(folder, { recursive: true, force: true });
		if (shots.length) process.stdout.write(`\nEditor screenshots (test artifacts):\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
	}, 2 * MIN);

	/** Screenshot on failure, so a red run leaves a picture of where it stopped. */
	async function step(name, fn) {
		try {
			return await fn();
		} catch (e) {
			if (page) await shot(`failed-${name}`).catch(() => {});
			throw e;
		}
	}

	test('signs in, adds a Wanx node from the nodes panel and opens its panel', () =>
		step('add-node', async () => {
			await editor.signIn(page, pg.url, pg.email, pg.password);
			await editor.newWorkflow(page, pg.url);
			await editor.addNode(page, { search: 'wanx', node: 'Wanx', action: NODE });
			expect(await editor.optionValue(page, 'resource')).toBe('Image');
			expect(await editor.optionValue(page, 'operation')).toBe('Generate via Async Task');
			// The credential imported by the playground is picked for the new node.
			expect(await editor.ndv(page).getByTestId('node-credentials-select').locator('input').inputValue()).toBe('DashScope account');
			await shot('01-new-node-panel', editor.ndv(page));
		}), 10 * MIN);

	test('shows the fields and options each operation and mode take (every resource × operation × mode)', () =>
		step('fields', async () => {
			const seen = [];
			for (const row of PANEL) {
				await editor.selectOption(page, 'resource', row.resource);
				await editor.selectOption(page, 'operation', row.operation);
				if (row.mode) await editor.selectOption(page, 'mode', row.mode);
				seen.push({ row: rowName(row), fields: await editor.visibleParameters(page), options: await editor.offeredOptions(page) });
			}
			expect(seen).toEqual(PANEL.map((row) => ({ row: rowName(row), fields: row.fields, options: row.options })));
		}), 10 * MIN);

	test('runs the node against the emulator and shows the image in the Binary tab', () =>
		step('run', async () => {
			await editor.selectOption(page, 'resource', 'Image');
			await editor.selectOption(page, 'operation', 'Generate via Async Task');
			await editor.selectOption(page, 'mode', 'Interleaved Text and Images');
			await editor.fillParameter(page, 'prompt', 'A red fox in fresh snow, watercolour');
			await shot('02-panel-text-to-image', editor.ndv(page));
			const before = pg.emulator.stats().tasksCreated;

			const run = await editor.executeNode(page);
			expect(run).toEqual({ ok: true });
			expect(pg.emulator.stats().tasksCreated).toBe(before + 1);

			const { files, image } = await editor.viewBinary(page);
			expect(files.length).toBeGreaterThanOrEqual(1);
			expect(files[0]).toEqual({ field: 'data', fileName: expect.stringMatching(/^wanx-[\w-]+-1\.png$/), mimeType: 'image/png' });
			expect(image.src).toContain(encodeURIComponent(files[0].fileName));
			expect(image.width).toBeGreaterThan(0);
			expect(image.height).toBeGreaterThan(0);
			await shot('03-result-binary-tab', editor.ndv(page));
		}), 10 * MIN);

	test('opens the credential and runs its test against the emulator (a valid key passes, a wrong one fails)', () =>
		step('credential', async () => {
			const testCalls = () => pg.emulator.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/tasks/00000000-0000-4000-8000-000000000000');
			const calls = testCalls().length;
			const modal = await editor.openCredential(page);
			// Opening a saved credential runs its test.
			expect(await editor.credentialTestResult(page)).toEqual({ ok: true, text: expect.stringContaining('Connection tested successfully') });
			const opened = testCalls().length;
			expect(opened).toBeGreaterThan(calls);
			await modal.getByRole('button', { name: 'Retry' }).click();
			await until(() => testCalls().length > opened, 'the Retry to reach the emulator');
			expect(await editor.credentialTestResult(page, { ok: true })).toMatchObject({ ok: true });
			await shot('04-credential-test', modal);
			expect(testCalls().every((r) => r.auth.valid && r.status === 200)).toBe(true);

			// A wrong key: saving runs the test, the emulator answers 401 and the dialog says so.
			const key = modal.getByTestId('parameter-input-apiKey').locator('input').first();
			await key.fill('sk-not-this-key');
			await modal.getByTestId('credential-save-button').click();
			const bad = await editor.credentialTestResult(page, { ok: false });
			expect(bad).toEqual({ ok: false, text: expect.stringContaining('Unauthorized') });
			expect(testCalls().at(-1)).toMatchObject({ status: 401, auth: { present: true, valid: false } });

			// The right key again (the playground's emulator key), and the test passes again.
			await key.fill(pg.emulator.config.apiKey);
			await modal.getByTestId('credential-save-button').click();
			expect(await editor.credentialTestResult(page, { ok: true })).toMatchObject({ ok: true });
			expect(testCalls().at(-1)).toMatchObject({ status: 200, auth: { present: true, valid: true } });
		}), 10 * MIN);
});
