/** Whole-number and range tests the checks share, and how a range or a count reads in messages. */
import type { Range } from './models.types';

export const isInt = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value);

export const inRange = (value: number, [min, max]: readonly [number, number]) =>
	value >= min && value <= max;

const ratioText = (ratio: number) => (ratio >= 1 ? `${ratio}:1` : `1:${Math.round(1 / ratio)}`);
export const rangeText = ([min, max]: Range) => `${ratioText(min)} to ${ratioText(max)}`;
export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
