'use strict';
/**
 * Drives the real n8n editor (2.41.1) in Debian's Chromium through playwright-core, for the browser
 * test (test/e2e/editor.e2e.test.js). Nothing here downloads a browser: it starts /usr/bin/chromium
 * (installed by ./debian.js) with a fresh --user-data-dir in a temp folder, removed on close.
 *
 *   const editor = require('./editor');
 *   const { page, close } = await editor.launch();
 *   await editor.signIn(page, url, email, password);
 *   await editor.newWorkflow(page, url);
 *   await editor.addNode(page, { search: 'wanx', node: 'Wanx', action: 'Generate images via an async task' });
 *   await editor.selectOption(page, 'mode', 'Interleaved Text and Images');
 *   await editor.visibleParameters(page);   // ['Credential', 'Resource', 'Operation', ...]
 *
 * Selectors follow n8n 2.41.1's `data-test-id`s (n8n-io/n8n, packages/frontend/editor-ui). Every
 * wait is on a selector or a condition with a generous timeout: a loaded 2-core machine takes
 * 15 s for the first page and 10 s to open a workflow.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
/** This machine has no internet and runs as root: no sandbox, no GPU, no background traffic. */
const CHROMIUM_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** Wide enough for the node panel's three columns (input, parameters, output). */
const VIEWPORT = { width: 1600, height: 1000 };
const LONG = 120000;
const SHORT = 30000;

function playwright() {
	const pw = require('playwright-core');
	pw.selectors.setTestIdAttribute('data-test-id');
	return pw;
}

/** Chromium with a new empty profile. Resolves to { page, context, close() }. */
async function launch({ viewport = VIEWPORT } = {}) {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wanx-chromium-'));
	let context;
	try {
		// headless:false keeps playwright from adding its own --headless; CHROMIUM_ARGS has --headless=new.
		context = await playwright().chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: false,
			args: CHROMIUM_ARGS,
			viewport,
			timeout: LONG,
		});
	} catch (e) {
		fs.rmSync(userDataDir, { recursive: true, force: true });
		throw e;
	}
	context.setDefaultTimeout(SHORT);
	const page = context.pages()[0] ?? (await context.newPage());
	const close = async () => {
		await context.close().catch(() => {});
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { page, context, close };
}

async function signIn(page, url, email, password) {
	await page.goto(`${url}/signin`, { timeout: LONG });
	await page
		.locator('input[name="emailOrLdapLoginId"], input[type="email"]')
		.first()
		.fill(email, { timeout: LONG });
	await page.locator('input[type="password"]').fill(password);
	await page.keyboard.press('Enter');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: LONG });
}

async function newWorkflow(page, url) {
	await page.goto(`${url}/workflow/new`, { timeout: LONG });
	await page.getByTestId('canvas-add-button').waitFor({ timeout: LONG });
}

/**
 * Adds a node as a person does: the canvas "+" opens the nodes panel, the search finds the node,
 * its entry lists the actions, clicking one adds the node (after a Manual Trigger on an empty
 * canvas) and opens its panel (NDV).
 */
async function addNode(page, { search, node, action }) {
	await page.getByTestId('canvas-add-button').click();
	const creator = page.getByTestId('node-creator');
	await creator.getByTestId('node-creator-search-bar').fill(search);
	await creator
		.getByTestId('node-creator-item-name')
		.filter({ hasText: exact(node) })
		.first()
		.click({ timeout: LONG });
	await creator
		.getByTestId('item-iterator-item')
		.filter({ hasText: exact(action) })
		.first()
		.click({ timeout: LONG });
	await ndv(page).getByTestId('node-parameters').waitFor({ timeout: LONG });
}

function exact(text) {
	return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

const ndv = (page) => page.getByTestId('ndv');

/** The canvas node of that name. */
function canvasNode(page, name) {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/** Opens a canvas node's panel (double-click). */
async function openNode(page, name) {
	await canvasNode(page, name).dblclick({ timeout: LONG });
	await ndv(page).getByTestId('node-parameters').waitFor({ timeout: LONG });
}

/** Closes the node panel, back to the canvas. */
async function closeNode(page) {
	await ndv(page).getByTestId('ndv-close-button').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/**
 * The labels of the parameters the panel shows, top level only, in order (the credential slot
 * first). Hidden rows (the Settings tab) and rows nested in collections are left out.
 */
async function visibleParameters(page) {
	// The panel re-renders after a change: read until two reads 300 ms apart agree.
	let last = await readParameters(page);
	for (let i = 0; i < 20; i++) {
		await page.waitForTimeout(300);
		const now = await readParameters(page);
		if (JSON.stringify(now) === JSON.stringify(last)) return now;
		last = now;
	}
	return last;
}

async function readParameters(page) {
	await ndv(page).getByTestId('node-parameters').waitFor();
	return ndv(page)
		.getByTestId('node-parameters')
		.evaluate((root) => {
			const firstLine = (el) => (el ? el.innerText.split('\n')[0].trim() : '');
			const rows = [...root.querySelectorAll('[data-test-id="parameter-item"]')].filter(
				(el) =>
					el.checkVisibility() && !el.parentElement.closest('[data-test-id="parameter-item"]'),
			);
			const labels = [];
			for (const row of rows) {
				if (row.querySelector('[data-test-id="node-credentials-slot"]'))
					labels.push(firstLine(row.querySelector('[data-test-id="credentials-label"]')));
				const all = [...row.querySelectorAll('[data-test-id="input-label"]')].filter(
					(l) => !l.closest('[data-test-id="node-credentials-slot"]'),
				);
				labels.push(firstLine(all[0]));
			}
			return labels.filter(Boolean);
		});
}

/** The entries of the open dropdown list (first line of each visible entry). */
async function openListLabels(page, testId) {
	const items = page.getByTestId(testId).locator('visible=true');
	await items.first().waitFor();
	return (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());
}

/** Clicks the entry of the open dropdown list whose first line is `label`. */
async function clickListEntry(page, testId, label) {
	const items = page.getByTestId(testId).locator('visible=true');
	await items.first().waitFor();
	const labels = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	const index = labels.indexOf(label);
	if (index < 0) throw new Error(`the list offers ${JSON.stringify(labels)}, not "${label}"`);
	await items.nth(index).click();
}

/** Closes the open dropdown and waits until its entries are gone (the next list is then unambiguous). */
async function closeList(page, testId) {
	await page.keyboard.press('Escape');
	await page.getByTestId(testId).locator('visible=true').first().waitFor({ state: 'detached' });
}

/** What the "Add Option" dropdown of a collection (e.g. Options) offers; leaves it closed. */
async function offeredOptions(page, collection = 'Options') {
	const row = parameterRow(page, collection);
	await row.getByTestId('collection-parameter-add').click();
	const labels = await openListLabels(page, 'collection-parameter-option');
	await closeList(page, 'collection-parameter-option');
	return labels;
}

/** The choices an options parameter offers (by its internal name); leaves the list closed. */
async function choices(page, name) {
	await ndv(page).getByTestId(`parameter-input-${name}`).click();
	const labels = await openListLabels(page, 'parameter-input-item');
	await closeList(page, 'parameter-input-item');
	return labels;
}

/** Picks a choice of an options parameter (by internal name and the choice's label). */
async function selectOption(page, name, label) {
	if ((await optionValue(page, name)) === label) return;
	await ndv(page).getByTestId(`parameter-input-${name}`).click();
	await clickListEntry(page, 'parameter-input-item', label);
	await page
		.getByTestId('parameter-input-item')
		.locator('visible=true')
		.first()
		.waitFor({ state: 'detached' });
	await waitForValue(page, name, label);
}

/** The shown value of an options parameter. */
async function optionValue(page, name) {
	return ndv(page).getByTestId(`parameter-input-${name}`).locator('input').first().inputValue();
}

async function waitForValue(page, name, label) {
	const deadline = Date.now() + SHORT;
	let value;
	while (Date.now() < deadline) {
		value = await optionValue(page, name).catch(() => undefined);
		if (value === label) return;
		await page.waitForTimeout(100);
	}
	throw new Error(`parameter ${name} shows "${value}", not "${label}"`);
}

function escapeRe(s) {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parameterRow(page, label) {
	return ndv(page)
		.getByTestId('parameter-item')
		.filter({
			has: page
				.getByTestId('input-label')
				.filter({ hasText: new RegExp(`^\\s*${escapeRe(label)}(\\s|$)`) }),
		})
		.last();
}

/** Turns a boolean parameter (by internal name) on or off. */
async function setSwitch(page, name, on) {
	const toggle = ndv(page).getByTestId(`parameter-input-${name}`).locator('.el-switch').first();
	const isOn = async () => (await toggle.getAttribute('class')).includes('is-checked');
	if ((await isOn()) !== on) await toggle.click();
	const deadline = Date.now() + SHORT;
	while ((await isOn()) !== on) {
		if (Date.now() > deadline)
			throw new Error(`parameter ${name} did not turn ${on ? 'on' : 'off'}`);
		await page.waitForTimeout(100);
	}
}

/** Types into a text parameter (by internal name). */
async function fillParameter(page, name, value) {
	const field = ndv(page).getByTestId(`parameter-input-${name}`).locator('input, textarea').first();
	await field.fill(value);
	await field.blur();
}

/**
 * Adds an entry to a list of entries (a fixedCollection with multiple values, e.g. Media) by its
 * button (its placeholder, e.g. "Add Media"), and waits for the entry's first field.
 */
async function addCollectionEntry(page, label) {
	const rows = ndv(page).getByTestId('parameter-item');
	const before = await rows.count();
	await ndv(page).getByRole('button', { name: label }).first().click();
	const deadline = Date.now() + SHORT;
	while ((await rows.count()) <= before) {
		if (Date.now() > deadline) throw new Error(`"${label}" added no entry`);
		await page.waitForTimeout(100);
	}
}

/**
 * Runs the open node ("Execute step") and waits for its outcome. Resolves to { ok, error }: ok when
 * the output panel shows the success mark, else the error shown in the output panel.
 */
async function executeNode(page, { timeout = LONG } = {}) {
	const out = page.getByTestId('output-panel');
	const success = out.getByTestId('node-run-status-success');
	const failure = out
		.getByTestId('node-error-message')
		.or(out.getByTestId('node-run-status-danger'));
	const hadOutput = await success.or(failure).first().isVisible();
	await ndv(page).getByTestId('node-execute-button').click();
	// A previous run's mark goes away when the new run starts.
	if (hadOutput) await success.or(failure).first().waitFor({ state: 'detached', timeout: SHORT });
	await success.or(failure).first().waitFor({ timeout });
	if (await success.isVisible()) return { ok: true };
	return { ok: false, error: (await out.innerText()).slice(0, 2000) };
}

/**
 * The Binary tab of the output panel: the cards of the first item (field name, file name, MIME
 * type), as listed before any file is opened.
 */
async function binaryCards(page) {
	const out = page.getByTestId('output-panel');
	await out.getByTestId('radio-button-binary').click();
	const cards = out.locator('[data-test-id^="ndv-binary-data_"]');
	await cards.first().waitFor();
	return cards.evaluateAll((els) =>
		els.map((el) => {
			const lines = el.innerText
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean);
			const after = (label) => lines[lines.indexOf(label) + 1];
			return { field: lines[0], fileName: after('File Name:'), mimeType: after('Mime Type:') };
		}),
	);
}

/** Closes the notifications shown (e.g. "Node executed successfully"), for clean screenshots. */
async function dismissNotifications(page) {
	const toasts = page.locator('.el-notification');
	for (let i = 0; i < 5 && (await toasts.count()) > 0; i++) {
		await toasts
			.first()
			.locator('[class*="close"]')
			.first()
			.click({ timeout: SHORT })
			.catch(() => {});
		await page.waitForTimeout(500);
	}
	await toasts
		.first()
		.waitFor({ state: 'detached', timeout: SHORT })
		.catch(() => {});
}

/**
 * The Binary tab of the output panel: the cards of the first item, then "View" on the first
 * file. Resolves to the cards (field name, file name, MIME type) and the shown image's size, or
 * with `media: 'video'` the source of the video player n8n shows.
 */
async function viewBinary(page, { media = 'image' } = {}) {
	const out = page.getByTestId('output-panel');
	const files = await binaryCards(page);
	await out.getByTestId('ndv-view-binary-data').first().click();
	if (media === 'video') {
		const player = out.locator('video');
		await player.waitFor();
		const video = await player.evaluate((el) => ({
			src: el.getAttribute('src') ?? el.querySelector('source')?.getAttribute('src'),
		}));
		return { files, video };
	}
	const img = out.locator('img[src*="/rest/binary-data"]');
	await img.waitFor();
	await page.waitForFunction(
		(el) => el.complete && el.naturalWidth > 0,
		await img.elementHandle(),
		{ timeout: SHORT },
	);
	const image = await img.evaluate((el) => ({
		width: el.naturalWidth,
		height: el.naturalHeight,
		src: el.getAttribute('src'),
	}));
	return { files, image };
}

/** Opens the node's credential (the pencil next to it) and waits for the credential dialog. */
async function openCredential(page) {
	await ndv(page).getByTestId('credential-edit-button').click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.getByTestId('credential-save-button').waitFor({ timeout: LONG });
	return modal;
}

/**
 * The outcome of the credential test shown in the open credential dialog, once there is one:
 * { ok: true, text } or { ok: false, text } (text includes the opened "More details"). With `ok`
 * set, waits for that outcome instead of taking the first one shown.
 */
async function credentialTestResult(page, { ok, timeout = LONG } = {}) {
	const modal = page.getByTestId('editCredential-modal');
	const success = modal.getByTestId('credentials-config-container-test-success');
	const failure = modal.getByText('Couldn’t connect with these settings');
	// With `ok` given, waits for that outcome (a banner from an earlier test may still show).
	await (ok === undefined ? success.or(failure).first() : ok ? success : failure).waitFor({
		timeout,
	});
	if (await success.isVisible()) return { ok: true, text: (await success.innerText()).trim() };
	const details = modal.getByText('More details');
	if (await details.isVisible()) await details.click();
	const banner = modal
		.locator('.el-tag--danger')
		.filter({ hasText: 'Couldn’t connect with these settings' })
		.first();
	return { ok: false, text: (await banner.innerText()).trim() };
}

/** A PNG of the page, of one element (a locator) or of a region ({ x, y, width, height }), into `dir`; returns its path. */
async function screenshot(page, dir, name, what) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	if (what && typeof what.screenshot === 'function') await what.screenshot({ path: file });
	else await page.screenshot({ path: file, ...(what && { clip: what }) });
	return file;
}

/**
 * The region of the node panel's parameters column (with `output`: through the output column),
 * for small screenshots of the panel alone.
 */
async function panelRegion(page, { output = false } = {}) {
	const box = await ndv(page).boundingBox();
	const params = await ndv(page).getByTestId('node-parameters').boundingBox();
	const x = Math.max(box.x, params.x - 16);
	const right = output ? box.x + box.width : params.x + params.width + 16;
	return { x, y: box.y, width: right - x, height: box.height };
}

module.exports = {
	CHROMIUM,
	CHROMIUM_ARGS,
	VIEWPORT,
	launch,
	signIn,
	newWorkflow,
	addNode,
	ndv,
	canvasNode,
	openNode,
	closeNode,
	visibleParameters,
	offeredOptions,
	choices,
	selectOption,
	optionValue,
	fillParameter,
	setSwitch,
	parameterRow,
	executeNode,
	addCollectionEntry,
	binaryCards,
	dismissNotifications,
	viewBinary,
	openCredential,
	credentialTestResult,
	screenshot,
	panelRegion,
};
