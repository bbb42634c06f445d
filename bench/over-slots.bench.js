'use strict';
/**
 * (f) One execution of 30 items at Concurrency 10 against an account with 5 running tasks (ideal:
 * 6 rounds of tasks): the account-wide gates against the former per-execution gates, both in
 * this run, each after one unmeasured warm-up execution.
 */
const { prompts, compareGates, GATES_HEADER, gatesRows } = require('./lib/account-scenario');
const { s, table } = require('./lib/report');

async function run({ scale }) {
	const taskMs = 5000 * scale;
	const executions = [prompts(0, 30)];
	return {
		taskMs,
		...(await compareGates({ ideal: 6 * taskMs, executions, concurrency: 10, taskMs })),
	};
}

function print(f) {
	table(
		`(f) 30 items at Concurrency 10 against 5 slots, ${s(f.taskMs, 1)} s tasks (ideal ${s(f.ideal, 0)} s)`,
		GATES_HEADER,
		gatesRows(f),
	);
}

module.exports = { section: 'f', run, print };
