'use strict';
/**
 * The panel as a user meets it, in the real n8n 2.41.1 editor driven by Debian's Chromium
 * (test/n8n/editor.js): the playground (test/n8n/playground.js) in a throw-away folder on a free
 * port with the DashScope emulator; sign in, add a Wanx node from the nodes panel, switch resource,
 * operation and mode and compare the fields shown with the table below, run the node against the
 * emulator and look at the image in the Binary tab, open the credential and run its test.
 *
 * Screenshots go to test/artifacts/editor/ (git-ignored); their paths are printed at the end. The
 * README's pictures in docs/images/ are copies of the readme-*.png ones.
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
// What the panel (node version 2) shows, written out by hand from what each model takes
// (README's models table, nodes/Wanx/api/models.ts): the parameter rows (labels, top level, in
// order), the Size choices and what "Add Option" offers under Options, for every model × mode ×
// operation, plus the Task operations.

const MODELS = {
	'wan2.6-image': 'Wan 2.6 Image (wan2.6-image)',
	'wan2.7-image': 'Wan 2.7 Image (wan2.7-image)',
	'wan2.7-image-pro': 'Wan 2.7 Image Pro (wan2.7-image-pro)',
	'wan2.6-t2i': 'Wan 2.6 Text-to-Image (wan2.6-t2i)',
	custom: 'Custom Model ID',
};

const HEAD = ['Credential', 'Resource', 'Operation', 'Model'];
const PRESETS_13 = [
	'1:1 — 1280×1280',
	'1:1 — 1024×1024',
	'2:3 — 800×1200',
	'3:2 — 1200×800',
	'3:4 — 960×1280',
	'4:3 — 1280×960',
	'9:16 — 720×1280',
	'16:9 — 1280×720',
	'21:9 — 1344×576',
	'3:4 — 1104×1472',
	'4:3 — 1472×1104',
	'9:16 — 960×1696',
	'16:9 — 1696×960',
];

/** One row per model and mode: fields, Size choices, request options (Options' first block). */
const MODEL_MODES = [
	{
		model: 'wan2.6-image',
		mode: 'Image Editing',
		fields: [...HEAD, 'Mode', 'Prompt', 'Reference Images', 'Size', 'Number of Images', 'Options'],
		sizes: ['Auto', '1K', '2K', ...PRESETS_13, 'Custom'],
		request: ['Negative Prompt', 'Prompt Extend', 'Seed', 'Watermark'],
	},
	{
		model: 'wan2.6-image',
		mode: 'Interleaved Text and Images',
		fields: [...HEAD, 'Mode', 'Prompt', 'Reference Images', 'Size', 'Max Images', 'Options'],
		sizes: ['Auto', ...PRESETS_13, 'Custom'],
		request: ['Negative Prompt', 'Seed', 'Watermark'],
	},
	{
		model: 'wan2.7-image',
		mode: 'Generate or Edit',
		fields: [...HEAD, 'Mode', 'Prompt', 'Reference Images', 'Size', 'Number of Images', 'Options'],
		sizes: ['Auto', '1K', '2K', ...PRESETS_13, 'Custom'],
		request: ['Seed', 'Watermark', 'Thinking Mode', 'Bounding Boxes', 'Color Palette'],
	},
	{
		model: 'wan2.7-image',
		mode: 'Image Set',
		fields: [...HEAD, 'Mode', 'Prompt', 'Reference Images', 'Size', 'Max Images in Set', 'Options'],
		sizes: ['Auto', '1K', '2K', ...PRESETS_13, 'Custom'],
		request: ['Seed', 'Watermark'],
	},
	{
		model: 'wan2.7-image-pro',
		mode: 'Generate or Edit',
		fields: [...HEAD, 'Mode', 'Prompt', 'Reference Images', 'Size', 'Number of Images', 'Options'],
		sizes: ['Auto', '1K', '2K', '4K (Text-to-Image Only)', ...PRESETS_13, 'Custom'],
		request: ['Seed', 'Watermark', 'Thinking Mode', 'Bounding Boxes', 'Color Palette'],
	},
	{
		model: 'wan2.7-image-pro',
		mode: 'Image Set',
		fields: [...HEAD, 'Mode', 'Prompt', 'Reference Images', 'Size', 'Max Images in Set', 'Options'],
		sizes: ['Auto', '1K', '2K', ...PRESETS_13, 'Custom'],
		request: ['Seed', 'Watermark'],
	},
	{
		// One mode, so no Mode field; no reference images; sizes of 1104×1472 to 1440×1440 pixels.
		model: 'wan2.6-t2i',
		mode: undefined,
		fields: [...HEAD, 'Prompt', 'Size', 'Number of Images', 'Options'],
		sizes: [
			'Auto',
			'1:1 — 1280×1280',
			'3:4 — 1104×1472',
			'4:3 — 1472×1104',
			'9:16 — 960×1696',
			'16:9 — 1696×960',
			'Custom',
		],
		request: ['Negative Prompt', 'Prompt Extend', 'Seed', 'Watermark'],
	},
	{
		// Any other id: sent as set, so every tier and a custom W*H, no presets.
		model: 'custom',
		mode: 'Generate or Edit',
		fields: [
			...HEAD,
			'Model ID',
			'Mode',
			'Prompt',
			'Reference Images',
			'Size',
			'Number of Images',
			'Options',
		],
		sizes: ['Auto', '1K', '2K', '4K', 'Custom'],
		request: [
			'Negative Prompt',
			'Prompt Extend',
			'Seed',
			'Watermark',
			'Thinking Mode',
			'Bounding Boxes',
			'Color Palette',
		],
	},
	{
		model: 'custom',
		mode: 'Interleaved Text and Images',
		fields: [
			...HEAD,
			'Model ID',
			'Mode',
			'Prompt',
			'Reference Images',
			'Size',
			'Max Images',
			'Options',
		],
		sizes: ['Auto', '1K', '2K', '4K', 'Custom'],
		request: ['Negative Prompt', 'Seed', 'Watermark'],
	},
	{
		model: 'custom',
		mode: 'Image Set',
		fields: [
			...HEAD,
			'Model ID',
			'Mode',
			'Prompt',
			'Reference Images',
			'Size',
			'Max Images in Set',
			'Options',
		],
		sizes: ['Auto', '1K', '2K', '4K', 'Custom'],
		request: ['Seed', 'Watermark'],
	},
];

const WAIT = ['Max Wait (Seconds)', 'Poll Interval (Seconds)'];
const OUTPUT = ['Download Images', 'Put Output in Field', 'One Item per Image'];
const RUN = ['Concurrency', 'Request Timeout (Seconds)'];
const RUN_IMAGE = [...RUN, 'Resubmit When Unsure', 'Submissions per Second'];

/** The Image operations: what Options offers after the model's request options. */
const IMAGE_OPERATIONS = [
	{ operation: 'Generate', options: [...OUTPUT, ...RUN_IMAGE] },
	{ operation: 'Generate via Async Task', options: [...WAIT, ...OUTPUT, ...RUN_IMAGE] },
	{ operation: 'Submit Task', options: RUN_IMAGE },
];

/** The video models by id, as the Model list names them (nodes/Wanx/api/videoModels.ts). */
const VIDEO_MODELS = {
	'wan2.7-i2v': 'wan2.7-i2v (image to video)',
	'wan2.7-t2v': 'wan2.7-t2v (text to video)',
	'wan2.7-r2v': 'wan2.7-r2v (reference to video)',
	'wan2.7-videoedit': 'wan2.7-videoedit (video edit)',
	'wan2.6-t2v': 'wan2.6-t2v (text to video)',
	'wan2.6-i2v': 'wan2.6-i2v (image to video)',
	'wan2.6-i2v-flash': 'wan2.6-i2v-flash (image to video, fast)',
	'wan2.6-r2v': 'wan2.6-r2v (reference to video)',
	'wan2.6-r2v-flash': 'wan2.6-r2v-flash (reference to video, fast)',
	'wan2.2-kf2v-flash': 'wan2.2-kf2v-flash (first and last frame)',
	'wan2.1-kf2v-plus': 'wan2.1-kf2v-plus (first and last frame)',
};
const ALL_VIDEO_OPTIONS = ['Negative Prompt', 'Prompt Extend', 'Seed', 'Watermark'];
const NO_EXTEND = ['Negative Prompt', 'Seed', 'Watermark'];
/** What each video model and mode shows: only the fields that have an effect there. */
const VIDEO_MODEL_MODES = [
	['wan2.7-i2v', 'First Frame', ['Mode', 'Prompt', 'Media', 'Resolution', 'Duration (Seconds)']],
	[
		'wan2.7-i2v',
		'Continue a Clip',
		['Mode', 'Prompt', 'Media', 'Resolution', 'Duration (Seconds)'],
	],
	[
		'wan2.7-t2v',
		undefined,
		['Prompt', 'Media', 'Resolution', 'Aspect Ratio', 'Duration (Seconds)'],
	],
	[
		'wan2.7-r2v',
		undefined,
		['Prompt', 'Media', 'Resolution', 'Aspect Ratio', 'Duration (Seconds)'],
	],
	[
		'wan2.7-videoedit',
		undefined,
		['Prompt', 'Media', 'Resolution', 'Aspect Ratio', 'Duration (Seconds)', 'Audio Setting'],
	],
	['wan2.6-t2v', undefined, ['Prompt', 'Media', 'Size', 'Duration (Seconds)', 'Shot Type']],
	['wan2.6-i2v', undefined, ['Prompt', 'Media', 'Resolution', 'Duration (Seconds)', 'Shot Type']],
	[
		'wan2.6-i2v-flash',
		undefined,
		['Prompt', 'Media', 'Resolution', 'Duration (Seconds)', 'Shot Type', 'Generate Audio'],
	],
	[
		'wan2.6-r2v',
		undefined,
		['Prompt', 'Media', 'Size', 'Duration (Seconds)', 'Shot Type'],
		NO_EXTEND,
	],
	[
		'wan2.6-r2v-flash',
		undefined,
		['Prompt', 'Media', 'Size', 'Duration (Seconds)', 'Shot Type', 'Generate Audio'],
		NO_EXTEND,
	],
	['wan2.2-kf2v-flash', undefined, ['Prompt', 'Media', 'Resolution']],
	['wan2.1-kf2v-plus', undefined, ['Prompt', 'Media', 'Resolution']],
];
const VIDEO_OUTPUT = ['Download Video', 'Put Output in Field'];
const VIDEO_OPERATIONS = [
	{ operation: 'Generate via Async Task', options: [...WAIT, ...VIDEO_OUTPUT, ...RUN_IMAGE] },
	{ operation: 'Submit Task', options: RUN_IMAGE },
];

/** Every model × mode × Image operation, then the Task operations, then every video model × mode × operation. */
const PANEL = [
	...MODEL_MODES.flatMap((mm) =>
		IMAGE_OPERATIONS.map((op) => ({
			resource: 'Image',
			operation: op.operation,
			model: mm.model,
			mode: mm.mode,
			fields: mm.fields,
			sizes: mm.sizes,
			options: [...mm.request, ...op.options],
		})),
	),
	{
		resource: 'Task',
		operation: 'Get',
		waitForCompletion: true,
		fields: ['Credential', 'Resource', 'Operation', 'Task ID', 'Wait for Completion', 'Options'],
		options: [...WAIT, ...OUTPUT, ...RUN],
	},
	// Not waiting: Max Wait and Poll Interval have no effect, so they are not offered.
	{
		resource: 'Task',
		operation: 'Get',
		waitForCompletion: false,
		fields: ['Credential', 'Resource', 'Operation', 'Task ID', 'Wait for Completion', 'Options'],
		options: [...OUTPUT, ...RUN],
	},
	{
		resource: 'Task',
		operation: 'Cancel',
		fields: ['Credential', 'Resource', 'Operation', 'Task ID', 'Options'],
		options: RUN,
	},
	...VIDEO_MODEL_MODES.flatMap(([model, mode, fields, request = ALL_VIDEO_OPTIONS]) =>
		VIDEO_OPERATIONS.map((op) => ({
			resource: 'Video',
			operation: op.operation,
			model,
			modelName: VIDEO_MODELS[model],
			mode,
			fields: [...HEAD, ...fields, 'Options'],
			options: [...request, ...op.options],
		})),
	),
];

/** Waits (polling) until `check()` holds. */
async function until(check, what, timeoutMs = MIN) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

const rowName = (row) =>
	[
		row.resource,
		row.operation,
		row.model,
		row.mode,
		row.waitForCompletion === undefined ? '' : `wait ${row.waitForCompletion}`,
	]
		.filter(Boolean)
		.join(' / ');

// ------------------------------------------------------------------------------------ the test

describe('the Wanx panel in the real n8n editor (Chromium)', () => {
	let pg;
	let folder;
	let browser;
	let page;
	const shots = [];
	const shot = async (name, locator) =>
		shots.push(await editor.screenshot(page, ARTIFACTS, name, locator));

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
		if (shots.length)
			process.stdout.write(
				`\nEditor screenshots (test artifacts):\n${shots.map((s) => `  ${s}`).join('\n')}\n`,
			);
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

	test(
		'signs in, adds a Wanx node from the nodes panel and opens its panel with the defaults',
		() =>
			step('add-node', async () => {
				await editor.signIn(page, pg.url, pg.email, pg.password);
				await editor.newWorkflow(page, pg.url);
				await editor.addNode(page, { search: 'wanx', node: 'Wanx', action: NODE });
				expect(await editor.optionValue(page, 'resource')).toBe('Image');
				expect(await editor.optionValue(page, 'operation')).toBe('Generate via Async Task');
				expect(await editor.optionValue(page, 'model')).toBe(MODELS['wan2.6-image']);
				expect(await editor.optionValue(page, 'mode')).toBe('Interleaved Text and Images');
				expect(
					await editor
						.ndv(page)
						.getByTestId('parameter-input-maxImages')
						.locator('input')
						.inputValue(),
				).toBe('1');
				// The credential imported by the playground is picked for the new node.
				expect(
					await editor
						.ndv(page)
						.getByTestId('node-credentials-select')
						.locator('input')
						.inputValue(),
				).toBe('DashScope account');
				await shot('01-new-node-panel', editor.ndv(page));
			}),
		10 * MIN,
	);

	test(
		'a new node runs with nothing but a prompt, bills one image, shows it in the Binary tab and names operation and model on the canvas',
		() =>
			step('run', async () => {
				await editor.fillParameter(page, 'prompt', 'A red fox in fresh snow, watercolour');
				await shot('02-panel-text-to-image', editor.ndv(page));
				await shot('readme-panel', await editor.panelRegion(page));
				const before = pg.emulator.stats().tasksCreated;

				const run = await editor.executeNode(page);
				expect(run).toEqual({ ok: true });
				expect(pg.emulator.stats().tasksCreated).toBe(before + 1);
				const create = pg.emulator.requests
					.filter((r) => r.method === 'POST' && r.path.endsWith('/image-generation/generation'))
					.at(-1);
				expect(create.body.model).toBe('wan2.6-image');
				expect(create.body.parameters).toMatchObject({ enable_interleave: true, max_images: 1 });

				const { files, image } = await editor.viewBinary(page);
				expect(files).toEqual([
					{
						field: 'data',
						fileName: expect.stringMatching(/^wanx-[\w-]+-1\.png$/),
						mimeType: 'image/png',
					},
				]);
				expect(image.src).toContain(encodeURIComponent(files[0].fileName));
				expect(image.width).toBeGreaterThan(0);
				expect(image.height).toBeGreaterThan(0);
				await shot('03-result-binary-tab', editor.ndv(page));
				await shot('readme-result', await editor.panelRegion(page, { output: true }));

				await editor.closeNode(page);
				expect(await editor.canvasNode(page, NODE).innerText()).toContain(
					'Generate via Async Task · wan2.6-image',
				);
				await shot('04-canvas', page.getByTestId('canvas-wrapper'));
				await editor.openNode(page, NODE);
			}),
		10 * MIN,
	);

	test(
		'shows the fields, sizes and options each model, mode and operation take (every model × mode × operation)',
		() =>
			step('fields', async () => {
				const seen = [];
				for (const row of PANEL) {
					await editor.selectOption(page, 'resource', row.resource);
					await editor.selectOption(page, 'operation', row.operation);
					if (row.model)
						await editor.selectOption(page, 'model', row.modelName ?? MODELS[row.model]);
					if (row.mode) await editor.selectOption(page, 'mode', row.mode);
					if (row.waitForCompletion !== undefined)
						await editor.setSwitch(page, 'waitForCompletion', row.waitForCompletion);
					const fields = await editor.visibleParameters(page);
					const sizes = row.sizes ? await editor.choices(page, 'size') : undefined;
					seen.push({
						row: rowName(row),
						fields,
						...(sizes && { sizes }),
						options: await editor.offeredOptions(page),
					});
					if (
						row.model === 'wan2.7-image-pro' &&
						row.mode === 'Generate or Edit' &&
						row.operation === 'Generate via Async Task'
					) {
						await shot('readme-panel-wan2.7-image-pro', await editor.panelRegion(page));
					}
				}
				const expected = PANEL.map((row) => ({
					row: rowName(row),
					fields: row.fields,
					...(row.sizes && { sizes: row.sizes }),
					options: row.options,
				}));
				// `wrong` names the rows that differ, at the top of a failure's diff.
				const wrong = seen
					.filter((got, i) => JSON.stringify(got) !== JSON.stringify(expected[i]))
					.map((got) => got.row);
				expect({ wrong, seen }).toEqual({ wrong: [], seen: expected });
			}),
		15 * MIN,
	);

	test(
		'a video node (wan2.7-i2v, first frame from a URL) runs against the emulator and shows the MP4 in the Binary tab',
		() =>
			step('video', async () => {
				await editor.selectOption(page, 'resource', 'Video');
				await editor.selectOption(page, 'operation', 'Generate via Async Task');
				await editor.selectOption(page, 'model', VIDEO_MODELS['wan2.7-i2v']);
				await editor.selectOption(page, 'mode', 'First Frame');
				await editor.fillParameter(page, 'prompt', 'The fox looks up as snow starts to fall');
				await editor.addCollectionEntry(page, 'Add Media');
				expect(await editor.optionValue(page, 'role')).toBe('First Frame');
				expect(await editor.optionValue(page, 'source')).toBe('URL');
				await editor.fillParameter(page, 'url', 'https://input.test/fox.png');
				expect(await editor.optionValue(page, 'resolution')).toBe('720P');
				await shot('readme-video-panel', await editor.panelRegion(page));
				const before = pg.emulator.stats().tasksCreated;
				// A result of a size a real 5 s clip has (the emulator pads its MP4), for the picture.
				pg.emulator.configure({ videoBytes: 3 * 1048576 });

				const run = await editor.executeNode(page);
				expect(run).toEqual({ ok: true });
				expect(pg.emulator.stats().tasksCreated).toBe(before + 1);
				const create = pg.emulator.requests
					.filter(
						(r) => r.method === 'POST' && r.path.endsWith('/video-generation/video-synthesis'),
					)
					.at(-1);
				expect(create.body).toMatchObject({
					model: 'wan2.7-i2v',
					input: { media: [{ type: 'first_frame', url: 'https://input.test/fox.png' }] },
					parameters: { resolution: '720P' },
				});

				pg.emulator.configure({ videoBytes: 0 });
				const cards = await editor.binaryCards(page);
				expect(cards).toEqual([
					{
						field: 'data',
						fileName: expect.stringMatching(/^wanx-[\w-]+\.mp4$/),
						mimeType: 'video/mp4',
					},
				]);
				await editor.dismissNotifications(page);
				await shot('readme-video-result', await editor.panelRegion(page, { output: true }));
				// "View" opens n8n's video player on the stored file.
				const { files, video } = await editor.viewBinary(page, { media: 'video' });
				expect(files).toEqual(cards);
				expect(video.src).toContain(encodeURIComponent(cards[0].fileName));
			}),
		10 * MIN,
	);

	test(
		'opens the credential and runs its test against the emulator (a valid key passes, a wrong one fails)',
		() =>
			step('credential', async () => {
				const testCalls = () =>
					pg.emulator.requests.filter(
						(r) =>
							r.method === 'GET' && r.path === '/api/v1/tasks/00000000-0000-4000-8000-000000000000',
					);
				const calls = testCalls().length;
				const modal = await editor.openCredential(page);
				// Opening a saved credential runs its test.
				expect(await editor.credentialTestResult(page)).toEqual({
					ok: true,
					text: expect.stringContaining('Connection tested successfully'),
				});
				const opened = testCalls().length;
				expect(opened).toBeGreaterThan(calls);
				await modal.getByRole('button', { name: 'Retry' }).click();
				await until(() => testCalls().length > opened, 'the Retry to reach the emulator');
				expect(await editor.credentialTestResult(page, { ok: true })).toMatchObject({ ok: true });
				await shot('05-credential-test', modal);
				expect(testCalls().every((r) => r.auth.valid && r.status === 200)).toBe(true);

				// A wrong key: saving runs the test, the emulator answers 401 and the dialog says so.
				const key = modal.getByTestId('parameter-input-apiKey').locator('input').first();
				await key.fill('sk-not-this-key');
				await modal.getByTestId('credential-save-button').click();
				const bad = await editor.credentialTestResult(page, { ok: false });
				expect(bad).toEqual({ ok: false, text: expect.stringContaining('Unauthorized') });
				expect(testCalls().at(-1)).toMatchObject({
					status: 401,
					auth: { present: true, valid: false },
				});

				// The right key again (the playground's emulator key), and the test passes again.
				await key.fill(pg.emulator.config.apiKey);
				await modal.getByTestId('credential-save-button').click();
				expect(await editor.credentialTestResult(page, { ok: true })).toMatchObject({ ok: true });
				expect(testCalls().at(-1)).toMatchObject({
					status: 200,
					auth: { present: true, valid: true },
				});
			}),
		10 * MIN,
	);
});
