'use strict';
/**
 * `npm run live-check`'s own dry run: the script against a started emulator on 127.0.0.1, as it
 * would run against DashScope. It asks for --yes before sending anything, agrees with the notes
 * when the emulator plays them, writes its fixtures without the key or result-URL signatures, and
 * exits non-zero when an answer contradicts the notes.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator } = require('../emulator');
const { userFolder } = require('../tmp-root');

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'live-check.js');
const KEY = 'sk-live-check-dry-run-7f3a9c';

let emu;
beforeAll(async () => {
	emu = await startEmulator({
		apiKey: KEY,
		taskTimings: { pendingMs: 100, runningMs: 200, syncMs: 0 },
	});
});
afterAll(() => emu.close());
afterEach(() => {
	emu.reset();
});

/** Runs the script as a user would (its own process; the emulator keeps serving meanwhile). */
function liveCheck(args, out) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [SCRIPT, ...args, '--out', out, '--poll-ms', '100'], {
			env: { ...process.env, DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: emu.url },
		});
		let stdout = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stdout += d));
		child.on('close', (code) => resolve({ code, stdout }));
	});
}

const folder = (name) => path.join(userFolder(), `live-check-${name}-${Date.now()}`);

test('without --yes: says what it bills, sends nothing, exits 2', async () => {
	const out = folder('no');
	const { code, stdout } = await liveCheck([], out);
	expect(code).toBe(2);
	expect(stdout).toMatch(
		/ONE of them is billed: a task that\s+generates one image with wan2\.6-t2i/,
	);
	expect(stdout).toContain('--yes');
	expect(emu.requests).toHaveLength(0);
	expect(fs.existsSync(out)).toBe(false);
});

test('with --yes against the emulator: exit 0, six answers written, key and signatures redacted', async () => {
	const out = folder('yes');
	const { code, stdout } = await liveCheck(['--yes'], out);
	expect(stdout).toContain('Every answer agrees with docs/dashscope-notes.md');
	expect(code).toBe(0);
	const files = fs.readdirSync(out).sort();
	expect(files).toEqual([
		'01-credentialTest.json',
		'02-create.json',
		'03-taskFirstRead.json',
		'04-taskGet.json',
		'05-cancelFinished.json',
		'06-invalidRequest.json',
		'index.json',
	]);
	// What the emulator saw: exactly one task created (the one billed image), one cancel, one sync.
	expect(emu.stats().tasksCreated).toBe(1);
	expect(emu.requests.filter((r) => r.kind === 'cancel')).toHaveLength(1);
	for (const file of files) {
		const text = fs.readFileSync(path.join(out, file), 'utf8');
		expect(text).not.toContain(KEY);
		expect(text).not.toContain(KEY.slice(3));
		expect(text).not.toMatch(/bearer/i);
		expect(text).not.toMatch(/Signature=(?!REDACTED)/);
		JSON.parse(text);
	}
	const task = JSON.parse(fs.readFileSync(path.join(out, '04-taskGet.json'), 'utf8'));
	expect(task.response.body.output.task_status).toBe('SUCCEEDED');
	expect(task.response.body.output.choices[0].message.content[0].image).toMatch(
		/OSSAccessKeyId=REDACTED&Signature=REDACTED/,
	);
	const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
	expect(index.fixtures.every((f) => f.contradictions.length === 0)).toBe(true);
});

test('an answer that contradicts the notes (a finished task cancelled without error): exit 1, named', async () => {
	emu.fault({ on: 'cancel', kind: 'status', status: 404, code: 'NotFound', message: 'gone' });
	const out = folder('contradiction');
	const { code, stdout } = await liveCheck(['--yes'], out);
	expect(code).toBe(1);
	expect(stdout).toMatch(/cancelFinished[\s\S]*CONTRADICTS THE NOTES: HTTP 404 NotFound/);
	expect(stdout).toContain('1 answer(s) contradict docs/dashscope-notes.md');
	const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
	expect(index.fixtures.find((f) => f.step === 'cancelFinished').contradictions).toEqual([
		'HTTP 404 NotFound',
	]);
});

test('the emulator switched to another reading (unknown tasks purged at once): exit 1', async () => {
	emu.configure({ taskTtlMs: 0 });
	try {
		const { code, stdout } = await liveCheck(['--yes'], folder('ttl'));
		expect(code).toBe(1);
		expect(stdout).toMatch(/taskGet[\s\S]*CONTRADICTS THE NOTES: task_status UNKNOWN/);
	} finally {
		emu.configure({ taskTtlMs: 24 * 3600 * 1000 });
	}
});
