/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests use Node's own modules; they never run inside n8n */
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/**
 * docs/architecture.md names real code: every backticked `path/to/file.ts` exists (paths without a
 * top-level folder are under nodes/Wanx/, as the doc says), and every backticked `name()` is
 * defined or called in one of the files named in the same list item or table row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const DOC = 'docs/architecture.md';
const TOP = ['credentials/', 'test/', 'docs/', 'bench/', 'nodes/', 'examples/', 'scripts/'];

/** The repository path a backticked file stands for. */
const resolve = (file: string) =>
	TOP.some((top) => file.startsWith(top)) ? file : `nodes/Wanx/${file}`;

/** List items (with their wrapped lines), table rows and paragraphs, outside code fences. */
function blocks(markdown: string): string[] {
	const out: string[] = [];
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) fenced = !fenced;
		if (fenced || line.startsWith('```')) continue;
		const starts = !line.trim() || /^\s*(\d+\.|-|\|)\s/.test(line) || line.startsWith('#');
		if (starts || !out.length) out.push(line);
		else out[out.length - 1] += `\n${line}`;
	}
	return out.filter((block) => block.trim());
}

const doc = fs.readFileSync(path.join(ROOT, DOC), 'utf8');
const ticked = (block: string) => [...block.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
/** A file path (`actions/<resource>/<name>.operation.ts`, a pattern, is not one). */
const isFile = (token: string) => /^[\w./-]+\.(ts|js|json|md)$/.test(token);
const isFunction = (token: string) => /^\w+\(\)$/.test(token);

describe(`${DOC} names real files and functions`, () => {
	it('finds at least a dozen files and functions to check (the parser reads the doc)', () => {
		const tokens = ticked(doc);
		expect(tokens.filter(isFile).length).toBeGreaterThan(12);
		expect(tokens.filter(isFunction).length).toBeGreaterThan(12);
	});

	it('every file it names exists', () => {
		const missing = [...new Set(ticked(doc).filter(isFile))].filter(
			(file) => !fs.existsSync(path.join(ROOT, resolve(file))),
		);
		expect(missing).toEqual([]);
	});

	it('every function it names is in a file named beside it', () => {
		const problems: string[] = [];
		for (const block of blocks(doc)) {
			const files = ticked(block)
				.filter(isFile)
				.map(resolve)
				.filter((file) => fs.existsSync(path.join(ROOT, file)));
			for (const token of ticked(block).filter(isFunction)) {
				const name = token.slice(0, -2);
				if (!files.length) {
					problems.push(`${token} is named with no file beside it: "${block.trim().slice(0, 80)}"`);
					continue;
				}
				const pattern = new RegExp(`\\b${name}\\s*[(<=]|function\\s+${name}\\b`);
				const found = files.some((file) =>
					pattern.test(fs.readFileSync(path.join(ROOT, file), 'utf8')),
				);
				if (!found) problems.push(`${token} is in none of ${files.join(', ')}`);
			}
		}
		expect(problems).toEqual([]);
	});
});
