/**
 * (h) Memory while downloading videos: 10 MP4s of 50 MB each (Generate via Async Task, Resource
 * Video), streamed into n8n's filesystem binary store (the 2.x default), against a baseline of one
 * 50 MB download. 10 videos one after another (Concurrency 1) show the cost per video; at
 * Concurrency 5 five streams run at once. Each row runs in a fresh process
 * (`run.js --child=h,N,CONCURRENCY`, clean RSS) with the emulator in a process of its own (its
 * 50 MB file is not the node's memory), after a warm-up execution with a small MP4 (modules, JIT,
 * sockets, the binary store), and reports its peak growth over its own usage before the run. Flat
 * means the 10-video rows grow about as much as the 1-video row, not 10 times as much; a download
 * held whole would add 50 MB per video in flight.
 */
const path = require('node:path');
const { spawn } = require('node:child_process');
const { runWanx } = require('../test/engine/harness');
const { KEY, credentials, peakGrowth } = require('./lib/measure');
const { useFilesystemBinaryMode } = require('./memory.bench');
const { mb, table } = require('./lib/report');

const VIDEO_BYTES = 50 * 1048576;
/** [videos, Concurrency]: the baseline first. */
const ROWS = [
	[1, 1],
	[10, 1],
	[10, 5],
];

/** The emulator's CLI in a child process; resolves to { url, configure(patch), close() }. */
async function startEmulatorProcess() {
	const cli = path.join(__dirname, '..', 'test', 'emulator', 'cli.js');
	const proc = spawn(
		process.execPath,
		[
			cli,
			'--port',
			'0',
			'--api-key',
			KEY,
			'--pending-ms',
			'0',
			'--running-ms',
			'50',
			'--no-limits',
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const url = await new Promise((resolve, reject) => {
		let out = '';
		proc.stdout.on('data', (chunk) => {
			out += chunk;
			const found = /listening on (http:\/\/\S+)/.exec(out);
			if (found) resolve(found[1]);
		});
		proc.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${out}`)));
	});
	const configure = async (patch) => {
		const res = await fetch(`${url}/__emulator/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(patch),
		});
		if (!res.ok) throw new Error(`emulator config: HTTP ${res.status}`);
	};
	const close = () =>
		new Promise((resolve) => {
			proc.once('exit', resolve);
			proc.kill('SIGTERM');
		});
	return { url, configure, close };
}

/** Runs in a fresh process: one execution downloading `n` videos, `concurrency` at a time. */
async function child(n, concurrency) {
	const emu = await startEmulatorProcess();
	if (!(await useFilesystemBinaryMode())) throw new Error('filesystem binary mode unavailable');
	const execute = (count) =>
		runWanx({
			parameters: {
				resource: 'video',
				operation: 'generateAsync',
				model: 'wan2.7-t2v',
				prompt: 'a paper boat drifts down a rain gutter',
				options: { downloadVideo: true, concurrency, pollInterval: 0.05 },
			},
			items: Array.from({ length: count }, (_, i) => ({ json: { i } })),
			credentials: credentials(emu),
			typeVersion: 2,
		});
	try {
		await execute(1); // warm-up with the emulator's small MP4
		await emu.configure({ videoBytes: VIDEO_BYTES });
		const started = performance.now();
		const { result, peakRss, peakHeap } = await peakGrowth(() => execute(n));
		const ms = performance.now() - started;
		const stored = result.items.filter(
			(item) => item.binary?.data?.mimeType === 'video/mp4' && item.binary.data.id,
		);
		if (result.status !== 'success' || stored.length !== n)
			throw new Error(result.error?.message ?? `${stored.length} of ${n} MP4s stored on disk`);
		const bytes = stored.reduce((sum, item) => sum + Number(item.binary.data.bytes ?? 0), 0);
		return {
			n,
			concurrency,
			downloaded: n * VIDEO_BYTES,
			storedBytes: bytes,
			ms,
			peakRss,
			peakHeap,
		};
	} finally {
		await emu.close();
	}
}

async function measureRows() {
	const { execFile } = require('node:child_process');
	const row = ([n, concurrency]) =>
		new Promise((resolve, reject) => {
			execFile(
				process.execPath,
				['--expose-gc', path.join(__dirname, 'run.js'), `--child=h,${n},${concurrency}`],
				{ maxBuffer: 1 << 20 },
				(error, stdout, stderr) => {
					if (error) reject(new Error(`${n}: ${stderr.trim().split('\n').pop() || error.message}`));
					else resolve(JSON.parse(stdout.trim().split('\n').pop()));
				},
			);
		});
	const rows = [];
	for (const spec of ROWS) rows.push(await row(spec));
	return { rows, videoBytes: VIDEO_BYTES };
}

/** A failed row leaves (h) unmeasured (with the reason) rather than losing the other sections. */
const run = () => measureRows().catch((error) => ({ error }));

function print(h) {
	if (h.error) {
		console.log(`\n(h) memory while downloading videos: not measured (${h.error.message})`);
		return;
	}
	const [base] = h.rows;
	table(
		`(h) memory while downloading videos as binary (${mb(h.videoBytes)} MB MP4 each, filesystem binary mode), each row a fresh process; growth over its own usage before the run, ratio against the 1-video row`,
		[
			'videos',
			'Concurrency',
			'downloaded MB',
			'stored MB',
			'wall s',
			'peak RSS +MB',
			'RSS × 1 video',
			'peak heap+external +MB',
			'heap × 1 video',
		],
		h.rows.map((r) => [
			r.n,
			r.concurrency,
			mb(r.downloaded),
			mb(r.storedBytes),
			(r.ms / 1000).toFixed(1),
			mb(r.peakRss),
			(r.peakRss / base.peakRss).toFixed(2),
			mb(r.peakHeap),
			(r.peakHeap / base.peakHeap).toFixed(2),
		]),
	);
}

module.exports = { section: 'h', run, print, child };
