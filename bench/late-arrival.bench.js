'use strict';
/**
 * (g) A single-item execution arriving while a 50-item one (Concurrency 10) holds every one of
 * the account's 5 slots and queues more: its wait for a slot (its first create − its start),
 * in task durations, after one unmeasured warm-up execution.
 */
const { prompts, accountScenario } = require('./lib/account-scenario');
const { s } = require('./lib/report');

async function run({ scale }) {
	const taskMs = 5000 * scale;
	// The late execution arrives 2.5 task durations after the big one.
	const late = await accountScenario({
		executions: [prompts(0, 50), ['late single item']],
		concurrency: 10,
		taskMs,
		startDelaysMs: [0, 2.5 * taskMs],
	});
	const lateCreate = late.creates.find(
		(r) => r.body.input.messages[0].content[0].text === 'late single item',
	);
	return {
		taskMs,
		waitMs: lateCreate.time - late.runs[1].startedAt,
		bigMs: late.runs[0].ms,
		stats: late.stats,
	};
}

function print(g) {
	console.log(
		`\n(g) a single-item execution arriving ${s(2.5 * g.taskMs, 1)} s into a 50-item one (Concurrency 10, 5 slots): waited ${s(g.waitMs)} s for its slot = ${(g.waitMs / g.taskMs).toFixed(2)} task durations (goal ≤ 1.00); 50-item run ${s(g.bigMs, 1)} s, peak running ${g.stats.peakRunning}, 429s ${g.stats.throttled}`,
	);
}

module.exports = { section: 'g', run, print };
