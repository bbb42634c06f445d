'use strict';
/**
 * What every benchmark shares to run the built node against the emulator and read its figures:
 * the emulator's key and one input image, a seeded random source, order statistics, and per-task
 * figures taken from the emulator's request log.
 */
const KEY = 'sk-emulator-test';
const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
const credentials = (emu) => ({ apiKey: KEY, region: 'custom', baseUrl: emu.url });

function prng(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const quantile = (values, q) => {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** Per task: end → first poll that saw it finished, polls made, and the task's duration. */
function taskMetrics(emu) {
	const polls = new Map();
	for (const rec of emu.requests) {
		if (rec.kind !== 'poll' || !rec.taskId) continue;
		if (!polls.has(rec.taskId)) polls.set(rec.taskId, []);
		polls.get(rec.taskId).push(rec);
	}
	return [...emu.tasks.values()].map((task) => {
		const mine = polls.get(task.id) ?? [];
		const seen = mine.find((rec) => rec.status === 200 && rec.time >= task.endAt);
		return {
			durationMs: task.endAt - task.submittedAt,
			detectionMs: seen ? seen.time - task.endAt : NaN,
			polls: mine.length,
		};
	});
}

/** Memory as the memory benchmarks count it: large Base64 strings and Buffers live outside the V8 heap. */
const heapOf = (usage) => usage.heapUsed + usage.external;

/**
 * Runs `work` after two collections (with --expose-gc), sampling RSS and heap + external every
 * 2 ms; the peaks are growth over the usage measured just before.
 */
async function peakGrowth(work) {
	const gc = global.gc ?? (() => {});
	gc();
	gc();
	const before = process.memoryUsage();
	let peakRss = before.rss;
	let peakHeap = heapOf(before);
	const sampler = setInterval(() => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, heapOf(now));
	}, 2);
	try {
		const result = await work();
		return { result, before, peakRss: peakRss - before.rss, peakHeap: peakHeap - heapOf(before) };
	} finally {
		clearInterval(sampler);
	}
}

module.exports = {
	KEY,
	IMAGE,
	credentials,
	prng,
	quantile,
	median,
	mean,
	taskMetrics,
	heapOf,
	peakGrowth,
};
