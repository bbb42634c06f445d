'use strict';
/**
 * (e) 4 executions × 5 items × 5 s tasks at once in one process, one account with 5 running
 * tasks (ideal: 4 rounds of tasks): the account-wide gates against the former per-execution
 * gates, both in this run, each after one unmeasured warm-up execution.
 */
const { prompts, compareGates, GATES_HEADER, gatesRows } = require('./lib/account-scenario');
const { s, table } = require('./lib/report');

async function run({ scale }) {
	const taskMs = 5000 * scale;
	const executions = Array.from({ length: 4 }, (_, e) => prompts(e, 5));
	return { taskMs, ...(await compareGates({ ideal: 4 * taskMs, executions, taskMs })) };
}

function print(e) {
	table(
		`(e) 4 executions × 5 items × ${s(e.taskMs, 1)} s tasks at once, one process, account limit 5 running (ideal ${s(e.ideal, 0)} s)`,
		GATES_HEADER,
		gatesRows(e),
	);
	console.log(
		`\naccount-wide ÷ per-execution wall: ${(e.account.wallMs / e.perRun.wallMs).toFixed(3)}`,
	);
}

module.exports = { section: 'e', run, print };
