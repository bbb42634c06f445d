'use strict';
/**
 * How the benchmarks print: results as Markdown tables on stdout (the README copies them),
 * progress on stderr with the time of day.
 */
const s = (ms, digits = 2) => (ms / 1000).toFixed(digits);
const mb = (bytes) => (bytes / 1048576).toFixed(1);

function table(title, header, rows) {
	const widths = header.map((h, i) =>
		Math.max(String(h).length, ...rows.map((row) => String(row[i]).length)),
	);
	const line = (cells) =>
		'| ' + cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ') + ' |';
	console.log(`\n${title}\n`);
	console.log(line(header));
	console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
	for (const row of rows) console.log(line(row));
}

function log(message) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

module.exports = { s, mb, table, log };
