/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests use Node's own modules; they never run inside n8n */
/**
 * docs/README.zh-CN.md is kept in step with README.md: the same sections in the same order, the
 * same two set-up commands, the same npm commands, each linking to the other at the top, and every
 * relative link of either pointing at a file that exists. (It lives in docs/ because npm packs every
 * README* at the root and the package n8n verifies is read in English: README.md, Development.)
 * A Chinese section names its English one in a comment on the line under its heading:
 *   ## 示例
 *   <!-- en: Examples -->
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const EN_FILE = 'README.md';
const ZH_FILE = 'docs/README.zh-CN.md';
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Lines outside fenced code blocks. */
function proseLines(markdown: string): string[] {
	let fenced = false;
	return markdown.split('\n').filter((line) => {
		if (line.startsWith('```')) fenced = !fenced;
		return !fenced && !line.startsWith('```');
	});
}

/** `## ` headings (level 2 only), each with the English name from the comment under it. */
function sections(markdown: string): Array<{ heading: string; en?: string }> {
	const lines = proseLines(markdown);
	return lines.flatMap((line, i) => {
		if (!line.startsWith('## ')) return [];
		const marker = /^<!-- en: (.+?) -->$/.exec((lines[i + 1] ?? '').trim());
		return [{ heading: line.slice(3).trim(), en: marker?.[1].trim() }];
	});
}

/** The commands of the first bash block (the set-up commands), without their comments. */
function setUpCommands(markdown: string): string[] {
	const block = /```bash\n([\s\S]*?)```/.exec(markdown);
	if (!block) return [];
	return block[1]
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean);
}

/** Every npm command the text mentions (`npm ci`, `npm test`, `npm run size`, …). */
function npmCommands(markdown: string): string[] {
	const found = markdown.match(/\bnpm (?:run [\w:-]+|ci|test|start)\b/g) ?? [];
	return [...new Set(found)].sort();
}

const en = read(EN_FILE);
const zh = read(ZH_FILE);
const enSections = sections(en).map((s) => s.heading);
const zhSections = sections(zh);

describe('docs/README.zh-CN.md is in step with README.md', () => {
	it('has a section for every English section, in the same order, and no other', () => {
		const problems: string[] = [];
		for (const s of zhSections.filter((s) => !s.en)) {
			problems.push(`${ZH_FILE}: "## ${s.heading}" has no "<!-- en: … -->" line under it`);
		}
		const mapped = zhSections.flatMap((s) => (s.en ? [s.en] : []));
		for (const heading of enSections.filter((h) => !mapped.includes(h))) {
			problems.push(
				`${EN_FILE} section "## ${heading}" has no Chinese section: add one to ${ZH_FILE} ` +
					`with "<!-- en: ${heading} -->" on the line under its heading`,
			);
		}
		for (const heading of mapped.filter((h) => !enSections.includes(h))) {
			problems.push(`${ZH_FILE} has a section for "## ${heading}", which ${EN_FILE} no longer has`);
		}
		const order = (list: string[]) =>
			list.filter((h) => mapped.includes(h) && enSections.includes(h));
		if (!problems.length && order(mapped).join('\n') !== order(enSections).join('\n')) {
			problems.push(
				`${ZH_FILE} sections are in another order than ${EN_FILE}: ${order(enSections).join(' / ')}`,
			);
		}
		expect(problems).toEqual([]);
		expect(mapped).toEqual(enSections);
	});

	it('gives the same two set-up commands', () => {
		const commands = setUpCommands(en);
		expect(commands).toHaveLength(2);
		expect(commands.every((c) => c.startsWith('npm '))).toBe(true);
		expect(setUpCommands(zh)).toEqual(commands);
	});

	it('mentions the same npm commands', () => {
		const enCommands = npmCommands(en);
		const zhCommands = npmCommands(zh);
		const missing = enCommands
			.filter((c) => !zhCommands.includes(c))
			.map((c) => `${ZH_FILE} lacks \`${c}\``);
		const extra = zhCommands
			.filter((c) => !enCommands.includes(c))
			.map((c) => `${EN_FILE} lacks \`${c}\``);
		expect([...missing, ...extra]).toEqual([]);
		expect(enCommands).toContain('npm run size');
	});

	it('links each README to the other at the top', () => {
		const top = (markdown: string) => markdown.split('\n').slice(0, 5).join('\n');
		expect(top(en)).toContain(`](${ZH_FILE})`);
		expect(top(zh)).toContain(`](../${EN_FILE})`);
	});

	it.each([EN_FILE, ZH_FILE])('%s links only to files that exist', (file) => {
		const markdown = read(file);
		const targets = [
			...[...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]),
			...[...markdown.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]),
		].filter((target) => !/^(https?:|mailto:|#)/.test(target));
		const missing = targets.filter(
			(target) => !fs.existsSync(path.join(ROOT, path.dirname(file), target.split('#')[0])),
		);
		expect(targets.length).toBeGreaterThan(5);
		expect(missing).toEqual([]);
	});
});
