#!/usr/bin/env node
'use strict';
/**
 * Run the DashScope emulator as a process:
 *
 *   node test/emulator/cli.js --port 18787 [--host 127.0.0.1] [--api-key sk-...] [--pending-ms 200]
 *        [--running-ms 800] [--sync-ms 100] [--sse-frame-ms 5] [--time-scale 1] [--result-ttl-ms 86400000]
 *        [--submit-per-second 5] [--running-tasks 5] [--queries-per-second 20] [--no-limits]
 *        [--model extra-model-id ...] [--workspace llm-xxx] [--public-url http://host:port]
 *        [--image-scale 0.125] [--seed 42] [--verbose]
 *
 * Prints one line: "DashScope emulator listening on <url> (api base <url>/api/v1)" and runs until SIGINT/SIGTERM.
 * Steer it from another process through the /__emulator/ control endpoints (README.md).
 */
const { startEmulator } = require('./emulator');

const HELP = `Usage: node test/emulator/cli.js [--port 18787] [--host 127.0.0.1] [--api-key KEY]
  [--pending-ms N] [--running-ms N] [--sync-ms N] [--sse-frame-ms N] [--time-scale F] [--result-ttl-ms N]
  [--submit-per-second N] [--running-tasks N] [--queries-per-second N] [--no-limits]
  [--model ID]... [--region cn-beijing|ap-southeast-1|us-east-1|eu-central-1] [--workspace ID] [--public-url URL] [--image-scale F] [--video-bytes N] [--seed N] [--verbose]
  [--variant NAME:VALUE]... (test/emulator/variants.js)`;

function parseArgs(argv) {
	const opts = { taskTimings: {}, limits: {}, models: [] };
	const num = (name, v) => {
		const n = Number(v);
		if (v === undefined || !Number.isFinite(n)) throw new Error(`--${name} needs a number`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) ((value = arg.slice(eq + 1)), (arg = arg.slice(0, eq)));
		const next = () => (value !== undefined ? value : argv[++i]);
		switch (arg) {
			case '--port':
				opts.port = num('port', next());
				break;
			case '--host':
				opts.host = next();
				break;
			case '--api-key':
				opts.apiKey = next();
				break;
			case '--pending-ms':
				opts.taskTimings.pendingMs = num('pending-ms', next());
				break;
			case '--running-ms':
				opts.taskTimings.runningMs = num('running-ms', next());
				break;
			case '--sync-ms':
				opts.taskTimings.syncMs = num('sync-ms', next());
				break;
			case '--sse-frame-ms':
				opts.taskTimings.sseFrameMs = num('sse-frame-ms', next());
				break;
			case '--time-scale':
				opts.timeScale = num('time-scale', next());
				break;
			case '--result-ttl-ms':
				opts.resultTtlMs = num('result-ttl-ms', next());
				break;
			case '--submit-per-second':
				opts.limits.submitPerSecond = num('submit-per-second', next());
				break;
			case '--running-tasks':
				opts.limits.runningTasks = num('running-tasks', next());
				break;
			case '--queries-per-second':
				opts.limits.queriesPerSecond = num('queries-per-second', next());
				break;
			case '--no-limits':
				opts.noLimits = true;
				break;
			case '--model':
				opts.models.push(next());
				break;
			case '--region':
				opts.region = next();
				break;
			case '--workspace':
				opts.workspace = next();
				break;
			case '--public-url':
				opts.publicUrl = next();
				break;
			case '--video-bytes':
				opts.videoBytes = num('video-bytes', next());
				break;
			case '--image-scale':
				opts.imageScale = num('image-scale', next());
				break;
			case '--seed':
				opts.randomSeed = num('seed', next());
				break;
			case '--variant': {
				const [name, v] = String(next() ?? '').split(':');
				opts.variants = { ...opts.variants, [name]: v };
				break;
			}
			case '--verbose':
			case '-v':
				opts.log = true;
				break;
			case '--help':
			case '-h':
				opts.help = true;
				break;
			default:
				throw new Error(`unknown argument ${arg}`);
		}
	}
	if (opts.noLimits) opts.limits = false;
	delete opts.noLimits;
	if (opts.models.length === 0) delete opts.models;
	return opts;
}

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err.message}\n${HELP}\n`);
		process.exit(2);
	}
	if (opts.help) {
		process.stdout.write(`${HELP}\n`);
		return;
	}
	if (opts.port === undefined) opts.port = 18787;
	const emu = await startEmulator(opts);
	process.stdout.write(`DashScope emulator listening on ${emu.url} (api base ${emu.apiUrl})\n`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await emu.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((err) => {
		process.stderr.write(`dashscope emulator failed to start: ${err.message}\n`);
		process.exit(1);
	});
}

module.exports = { parseArgs };
