'use strict';
/**
 * Sections (e)–(g): several executions in one process against one account (one emulator), with
 * the account-wide gates or, for the baselines, the former gates per execution.
 */
const { startEmulator } = require('../../test/emulator');
const { runWanx } = require('../../test/engine/harness');
const { IMAGE, credentials } = require('./measure');
const { s } = require('./report');
// The former behaviour (gates per execution, no slot gate), for the baselines of (e) and (f).
const { usePerRunGates } = require('../../test/engine/perRunGates');

/** `n` distinct prompts for execution `e`. */
const prompts = (e, n) => Array.from({ length: n }, (_, i) => `exec ${e} item ${i}`);

/** Runs `executions` (arrays of prompts) against one emulator at once; `perRun` = the former gates. */
async function accountScenario({
	executions,
	concurrency = 5,
	taskMs,
	perRun = false,
	startDelaysMs = [],
}) {
	const emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: taskMs } });
	usePerRunGates(perRun);
	try {
		// Steady state: the process has seen this account's task times before (one warm-up
		// execution of 5 items, not measured), as a long-running n8n has.
		await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: 'warm-up',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false },
			},
			items: Array.from({ length: 5 }, () => ({ json: {} })),
			credentials: credentials(emu),
		});
		emu.reset();
		const started = performance.now();
		const runs = await Promise.all(
			executions.map(async (prompts, e) => {
				if (startDelaysMs[e]) await new Promise((resolve) => setTimeout(resolve, startDelaysMs[e]));
				const startedAt = Date.now();
				const result = await runWanx({
					parameters: {
						operation: 'generateAsync',
						prompt: '={{ $json.prompt }}',
						referenceImages: { images: [IMAGE] },
						options: { downloadImages: false, concurrency, maxWait: 900 },
					},
					items: prompts.map((prompt) => ({ json: { prompt } })),
					credentials: credentials(emu),
				});
				if (result.status !== 'success')
					throw new Error(`execution ${e} failed: ${result.error?.message}`);
				return { startedAt, ms: result.ms };
			}),
		);
		const wallMs = performance.now() - started;
		const creates = emu.requests.filter((r) => r.kind === 'create' && r.status === 200);
		return { wallMs, stats: emu.stats(), runs, creates };
	} finally {
		usePerRunGates(false);
		await emu.close();
	}
}

/** (e) and (f): the same executions with account-wide gates, then with the former per-execution gates. */
async function compareGates({ ideal, ...scenario }) {
	return {
		ideal,
		account: await accountScenario(scenario),
		perRun: await accountScenario({ ...scenario, perRun: true }),
	};
}

const GATES_HEADER = ['gates', 'wall s', '× ideal', 'peak running', '429s', 'tasks'];

/** The table rows of a `compareGates` result. */
function gatesRows({ ideal, account, perRun }) {
	const row = (name, r) => [
		name,
		s(r.wallMs),
		(r.wallMs / ideal).toFixed(3),
		r.stats.peakRunning,
		r.stats.throttled,
		r.stats.tasksCreated,
	];
	return [row('account-wide (now)', account), row('per execution (before)', perRun)];
}

module.exports = { prompts, accountScenario, compareGates, GATES_HEADER, gatesRows };
