#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the built node in n8n's real WorkflowExecute against the DashScope emulator,
 * every figure measured in this one run (nothing is asserted; see test/ for correctness). One
 * file per benchmark (`*.bench.js`, each with its method), this file picks, runs and prints them.
 *
 * Each scenario gets its own emulator (= its own DashScope account and limits). (a) and (b) run
 * in parallel (they mostly wait); the others run alone afterwards, one after the other.
 *
 *   node bench/run.js [--quick]     --quick: task times ÷10 and fewer items (a smoke test)
 *                     [--only=a,b,c,d,e,f,g,h,i,j]
 *                     [--memory-child=MODE,N]   one row of (d), in the fresh process (d) starts
 *                     [--child=SECTION,ARGS…]   one row of another section that runs rows in fresh processes (h)
 */
const { s, log } = require('./lib/report');
const memory = require('./memory.bench');
const videoMemory = require('./video-memory.bench');

/** Run order, which is also the printed order; the benchmarks of one phase run at once. */
const PHASES = [
	[require('./throughput.bench'), require('./detection.bench')],
	[require('./concurrent-executions.bench')],
	[require('./over-slots.bench')],
	[require('./late-arrival.bench')],
	[require('./two-workers.bench')],
	[require('./overhead.bench')],
	[memory],
	[videoMemory],
	[require('./video-detection.bench')],
];
const SECTIONS = PHASES.flat()
	.map((bench) => bench.section)
	.sort();

async function main(argv) {
	const quick = argv.includes('--quick');
	const only = (argv.find((arg) => arg.startsWith('--only=')) ?? `--only=${SECTIONS.join(',')}`)
		.slice(7)
		.split(',');
	const unknown = only.filter((section) => !SECTIONS.includes(section));
	if (unknown.length > 0)
		throw new Error(`unknown section ${unknown.join(',')} (sections: ${SECTIONS.join(',')})`);
	const context = { quick, scale: quick ? 0.1 : 1 };
	const started = Date.now();
	log(`${quick ? 'quick mode (task times ÷10)' : 'full run'}; sections ${only.join(',')}`);
	if (!global.gc) log('run with --expose-gc for steadier memory figures');

	const done = [];
	for (const phase of PHASES) {
		const picked = phase.filter((bench) => only.includes(bench.section));
		const results = await Promise.all(
			picked.map(async (bench) => {
				const result = await bench.run(context);
				log(`(${bench.section}) done`);
				return { bench, result };
			}),
		);
		done.push(...results);
	}

	console.log(
		`\n## Wanx node benchmark (${quick ? 'QUICK: task times ÷10' : 'full'}), Node ${process.version}, ${new Date().toISOString()}`,
	);
	for (const { bench, result } of done) bench.print(result, context);
	console.log(
		`\nTotal bench time ${s(Date.now() - started, 0)} s. Targets: (a) ≤ 1.15× ideal; (b) adaptive warm median ≤ 0.5 s, p90 ≤ 1 s at ≤ 0.5 polls/s/task; (c) ≤ 2 ms/item; (e), (f) ≤ 1.10× ideal, no 429; (g) ≤ 1 task duration; (h) 10 videos ≈ 1 video (flat, not 10×); (i) ≤ 0.2 status checks per task-second; (j) ≤ 1.5× ideal.`,
	);
}

/** One row of (d): its figures as JSON, the last line on stdout. */
async function memoryChild(arg) {
	const [mode, n] = arg.slice(15).split(',');
	console.log(JSON.stringify(await memory.child(mode, Number(n))));
}

/** One row of a section measured in fresh processes: its figures as JSON, the last line on stdout. */
async function sectionChild(arg) {
	const [section, ...values] = arg.slice(8).split(',');
	const bench = PHASES.flat().find((b) => b.section === section && b.child);
	if (!bench) throw new Error(`no section ${section} runs rows in child processes`);
	console.log(JSON.stringify(await bench.child(...values.map(Number))));
}

const childArg = process.argv.find((arg) => arg.startsWith('--memory-child='));
const sectionArg = process.argv.find((arg) => arg.startsWith('--child='));
(childArg
	? memoryChild(childArg)
	: sectionArg
		? sectionChild(sectionArg)
		: main(process.argv)
).then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
