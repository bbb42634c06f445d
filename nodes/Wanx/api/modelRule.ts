/** The shape of a row of the model table (models.ts): what a model and each of its modes accept. */

/**
 * How a model is asked: editing (wan2.6-image; wan2.7 "generate or edit"), interleaved text and
 * images (wan2.6-image), image sets (`enable_sequential`, wan2.7), text-to-image (wan2.6-t2i).
 */
export type Mode = 'edit' | 'interleave' | 'sequential' | 'textToImage';

/** Optional request parameters, by the name the node reads them under. */
export type OptionalParameter =
	| 'negativePrompt'
	| 'promptExtend'
	| 'watermark'
	| 'seed'
	| 'thinkingMode'
	| 'bboxList'
	| 'colorPalette';

export type Range = readonly [number, number];

export interface SizeRule {
	/** Tiers (`1K`, `2K`, `4K`) the mode accepts with any input. */
	tiers: readonly string[];
	/** Tiers accepted only without reference images (text-to-image). */
	textOnlyTiers?: readonly string[];
	/** Total pixels of a `W*H` size; absent: `W*H` is refused. */
	pixels?: Range;
	/** Total pixels of a `W*H` size without reference images, when wider than `pixels`. */
	textOnlyPixels?: Range;
	/** Width / height of a `W*H` size. */
	ratio?: Range;
}

export interface ModeRule {
	/** The panel's name for the mode. */
	label: string;
	/** The mode in a sentence: "image editing needs 1 to 4 reference images". */
	describe: string;
	/** The panel's one-line help for the mode. */
	help: string;
	/** Reference images (min, max). */
	images: Range;
	/** The parameter that bills images, its range and the API's default when it is left out. */
	count: { name: 'n' | 'max_images'; range: Range; apiDefault: number };
	size: SizeRule;
	/** Optional parameters the mode takes; any other one set by the user fails the item. */
	takes: readonly OptionalParameter[];
	/** Of those, the ones that act only without reference images (text-to-image); with images they fail the item. */
	textOnlyTakes?: readonly OptionalParameter[];
	/** Parameters this mode always sends, first in `parameters` (their order is the wire order). */
	fixed: Readonly<Record<string, boolean>>;
	/** How the sync endpoint answers: plain JSON, or SSE (needs `stream` and the SSE header). */
	sync: 'json' | 'sse';
}

export interface InputImageRule {
	/** Decoded bytes of one image. */
	bytes: number;
	/** Pixels of each side. */
	side: Range;
	/** Width / height; absent: unrestricted. */
	ratio?: Range;
}

export interface ModelRule {
	id: string;
	/** The panel's name. */
	name: string;
	/** Whether the node knows this model's rules; false for a custom id (only the common rules hold). */
	checked: boolean;
	modes: Partial<Record<Mode, ModeRule>>;
	defaultMode: Mode;
	promptChars: number;
	negativePromptChars: number;
	inputImage: InputImageRule;
	/** Task submissions per second per account, by region (`default`: every other region). */
	submissionsPerSecond: Readonly<Record<string, number>>;
}
