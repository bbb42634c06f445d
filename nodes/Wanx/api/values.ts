/**
 * Values as the checks read them and name them in messages: n8n parameter values → checked text
 * and numbers, whole-number and range tests, how a value, a range or a count reads. An expression
 * can give anything (undefined for a missing column, null, an object); sending `String(value)`
 * would bill a task for the prompt "undefined". Pure.
 */
import type { Range } from './modelRule';

/** What a value is, in words for an error message: `nothing (undefined)`, `an object`, `the text "abc"`; a number as itself. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing (undefined)';
	if (value === null) return 'null';
	if (typeof value === 'string')
		return value.trim() === '' ? 'an empty text' : `the text "${value.slice(0, 60)}"`;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'boolean') return `the boolean ${value}`;
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };

/** Text as given; numbers and booleans as their text (a sheet cell may hold 42). Anything else fails. */
export function asText(value: unknown): Coerced<string> {
	if (typeof value === 'string') return { ok: true, value };
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
		return { ok: true, value: String(value) };
	}
	if (value === undefined || value === null) {
		return { ok: false, message: `is empty: the expression gave ${describeValue(value)}` };
	}
	return { ok: false, message: `must be text; got ${describeValue(value)}` };
}

const WHOLE_NUMBER_TEXT = /^\s*[+-]?\d{1,15}\s*$/;

/**
 * A whole number given as a number or as its text (`"3"` from a form or a sheet) → that number.
 * Anything else is returned unchanged, for the range check to name what arrived.
 */
export function wholeNumberOrRaw(value: unknown): unknown {
	if (typeof value === 'string' && WHOLE_NUMBER_TEXT.test(value)) return Number(value);
	return value;
}

export const isInt = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value);

export const inRange = (value: number, [min, max]: Range) => value >= min && value <= max;

const ratioText = (ratio: number) => (ratio >= 1 ? `${ratio}:1` : `1:${Math.round(1 / ratio)}`);
/** An aspect-ratio range in words: `1:8 to 8:1`. */
export const rangeText = ([min, max]: Range) => `${ratioText(min)} to ${ratioText(max)}`;
/** `1 image`, `2 images`; words that do not just add an s give their plural (`entry`, `entries`). */
export const plural = (count: number, word: string, many = `${word}s`) =>
	`${count} ${count === 1 ? word : many}`;
