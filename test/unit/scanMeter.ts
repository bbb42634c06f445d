/**
 * Counts the characters that string code reads while `work` runs, to check that a parser's work
 * grows linearly with its input without timing it. Every string and array method that reads
 * characters is wrapped for the duration: a character read (`charCodeAt`, `at`…) counts 1, a copy
 * (`slice`, `join`…) the length it produced, a search (`indexOf`, `split`, a RegExp…) the whole
 * string it may scan. Past `budget` the next call throws, so a quadratic parser fails at once
 * instead of running for minutes.
 */
export class ScanBudgetExceeded extends Error {}

type Method = (...args: unknown[]) => unknown;

const READS_ONE = ['charAt', 'charCodeAt', 'codePointAt', 'at'];
const COPIES = ['slice', 'substring', 'substr', 'padStart', 'padEnd', 'repeat'];
const SCANS = [
	'indexOf',
	'lastIndexOf',
	'includes',
	'startsWith',
	'endsWith',
	'search',
	'match',
	'matchAll',
	'split',
	'replace',
	'replaceAll',
	'trim',
	'trimStart',
	'trimEnd',
	'concat',
	'normalize',
	'toLowerCase',
	'toUpperCase',
	'localeCompare',
];

export function countScanned(work: () => void, budget: number): number {
	let scanned = 0;
	const add = (n: number) => {
		scanned += n;
		if (scanned > budget)
			throw new ScanBudgetExceeded(`read more than ${budget} characters (${scanned})`);
	};
	const restore: Array<() => void> = [];
	const wrap = (proto: object, name: string, cost: (self: unknown, result: unknown) => number) => {
		const target = proto as Record<string, Method>;
		const original = target[name];
		if (typeof original !== 'function') return;
		target[name] = function (this: unknown, ...args: unknown[]) {
			const result = original.apply(this, args);
			add(cost(this, result));
			return result;
		};
		restore.push(() => (target[name] = original));
	};
	const length = (value: unknown) => String(value).length;
	for (const name of READS_ONE) wrap(String.prototype, name, () => 1);
	for (const name of COPIES) wrap(String.prototype, name, (_self, result) => length(result));
	for (const name of SCANS) wrap(String.prototype, name, (self) => length(self));
	wrap(Array.prototype, 'join', (_self, result) => length(result));
	// A RegExp reads its input: exec and test count the input's length.
	const regExp = RegExp.prototype as unknown as Record<string, Method>;
	for (const name of ['exec', 'test']) {
		const original = regExp[name];
		regExp[name] = function (this: RegExp, input: unknown) {
			add(length(input));
			return original.call(this, input);
		};
		restore.push(() => (regExp[name] = original));
	}
	try {
		work();
	} finally {
		for (const undo of restore.reverse()) undo();
	}
	return scanned;
}
