'use strict';
/**
 * (d) Memory while downloading results as binary: 10 and then 50 results of 2 MB each, in n8n's
 * filesystem binary mode (the 2.x default) and in its in-memory mode. Each row runs in a fresh
 * process (`run.js --memory-child=MODE,N`, clean RSS) after a 3-item warm-up and reports its
 * growth over its own baseline; the 10-result row is the baseline for the 50-result one.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const path = require('node:path');
const { startEmulator } = require('../test/emulator');
const { runWanx } = require('../test/engine/harness');
const { IMAGE, credentials, heapOf, peakGrowth } = require('./lib/measure');
const { mb, table } = require('./lib/report');

const IMAGE_BYTES = 2 * 1048576;

/**
 * A stand-in for OSS: every result link answers a `bytes`-long PNG file (a real header and end,
 * random data in between, which the node does not decode) as image/png.
 */
async function startImageServer(bytes) {
	const small = require('../test/emulator/png').encodePngSync(256, 256, [1, 2, 3]);
	const end = small.subarray(small.length - 12); // IEND
	const filler = crypto.randomBytes(Math.max(0, bytes - small.length));
	const payload = Buffer.concat([small.subarray(0, small.length - 12), filler, end]);
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': payload.length });
		res.end(payload);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

async function useFilesystemBinaryMode() {
	try {
		const { Container } = require('@n8n/di');
		const { BinaryDataService } = require('n8n-core');
		const service = Container.get(BinaryDataService);
		service.config.mode = 'filesystem';
		service.config.availableModes = ['filesystem'];
		service.config.localStoragePath = path.join(process.env.N8N_USER_FOLDER, 'binaryData');
		await service.init();
		return true;
	} catch (error) {
		process.stderr.write(`filesystem binary mode unavailable here: ${error.message}\n`);
		return false;
	}
}

/** Runs in a fresh process (clean RSS): one download of `n` results in binary `mode`. */
async function child(mode, n) {
	const images = await startImageServer(IMAGE_BYTES);
	const emu = await startEmulator({
		taskTimings: { syncMs: 0 },
		limits: false,
		publicUrl: images.url,
	});
	if (mode === 'filesystem' && !(await useFilesystemBinaryMode()))
		throw new Error('filesystem binary mode unavailable');
	const gc = global.gc ?? (() => {});
	const execute = (count) =>
		runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'a cat on a sofa',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: true, concurrency: 5, submitRate: 0 },
			},
			items: Array.from({ length: count }, (_, i) => ({ json: { i } })),
			credentials: credentials(emu),
		});
	try {
		await execute(3); // warm-up: modules, JIT, sockets
		const { result, before, peakRss, peakHeap } = await peakGrowth(() => execute(n));
		const withBinary = result.items.filter(
			(item) => item.binary && Object.keys(item.binary).length > 0,
		).length;
		if (result.status !== 'success' || withBinary !== n) {
			throw new Error(`${result.error?.message ?? `${withBinary} of ${n} items have binary data`}`);
		}
		gc();
		gc();
		const after = process.memoryUsage();
		const retained = heapOf(after) - heapOf(before);
		const held = result.items.length; // keeps the items alive until here
		return {
			mode,
			n: held,
			downloaded: n * IMAGE_BYTES,
			peakRss,
			peakHeap,
			retained,
		};
	} finally {
		await emu.close();
		await images.close();
	}
}

async function measureRows() {
	const { execFile } = require('node:child_process');
	const row = (mode, n) =>
		new Promise((resolve, reject) => {
			execFile(
				process.execPath,
				['--expose-gc', path.join(__dirname, 'run.js'), `--memory-child=${mode},${n}`],
				{ maxBuffer: 1 << 20 },
				(error, stdout, stderr) => {
					if (error)
						reject(new Error(`${mode}/${n}: ${stderr.trim().split('\n').pop() || error.message}`));
					else resolve(JSON.parse(stdout.trim().split('\n').pop()));
				},
			);
		});
	const rows = [];
	// n8n 2.x's default in regular mode: binary data goes to disk, items hold only ids.
	for (const n of [10, 50]) rows.push(await row('filesystem', n));
	// n8n's in-memory mode ("default"): items carry the Base64 data, so they grow with n by design.
	for (const n of [10, 50]) rows.push(await row('memory', n));
	return { rows, imageBytes: IMAGE_BYTES };
}

/** A failed row leaves (d) unmeasured (with the reason) rather than losing the other sections. */
const run = () => measureRows().catch((error) => ({ error }));

function print(d) {
	if (d.error) {
		console.log(
			`\n(d) peak memory while downloading results as binary: not measured (${d.error.message})`,
		);
		return;
	}
	table(
		`(d) memory while downloading results as binary (${mb(d.imageBytes)} MB each, Concurrency 5), each row a fresh process; growth over its baseline`,
		[
			'binary mode',
			'results',
			'downloaded MB',
			'peak RSS +MB',
			'peak heap+external +MB',
			'retained after the run +MB',
		],
		d.rows.map((r) => [
			r.mode,
			r.n,
			mb(r.downloaded),
			mb(r.peakRss),
			mb(r.peakHeap),
			mb(r.retained),
		]),
	);
}

module.exports = { section: 'd', run, print, child, useFilesystemBinaryMode };
