/** A generation request as the node hands it to the checks and the planner; a check's Problem. */
import type { Mode, OptionalParameter } from './modelRule';

/** A reference image after the node resolved its source (URL as given, binary/base64 as a data URI). */
export interface ImageInput {
	/** Where it came from, for messages: "Reference Image 2 (binary property 'photo')". */
	label: string;
	/** What is sent: an http(s) or oss:// URL, or a `data:<mime>;base64,` URI. */
	value: string;
	/** Known for binary and base64 input. */
	mimeType?: string;
	/** Decoded size in bytes, known for binary and base64 input. */
	byteLength?: number;
	/** Pixel dimensions, when the image header was read (binary and Base64 input). */
	width?: number;
	height?: number;
}

/** One colour of a wan2.7 palette: `#RRGGBB` and its share of the image in percent. */
export interface PaletteColor {
	hex: string;
	ratio: number;
}

export interface GenerateInput {
	model: string;
	mode: Mode;
	prompt: string;
	images: ImageInput[];
	/**
	 * As typed: `auto` (API default), a tier (`1K`, `2K`, `4K`, any case) or `W*H` (also `WxH`,
	 * `W × H`); the planner writes it in the API's spelling.
	 */
	size: string;
	/** Images to generate (`n`): edit, image-set and text-to-image modes. */
	n: number;
	/** Most images between the text (`max_images`): interleaved mode. */
	maxImages: number;
	negativePrompt?: string;
	promptExtend?: boolean;
	watermark?: boolean;
	seed?: number;
	/** wan2.7 text-to-image: let the model reason about the prompt first. */
	thinkingMode?: boolean;
	/** wan2.7: boxes `[x1, y1, x2, y2]` per reference image, in image order (`[]` for none). */
	bboxList?: number[][][];
	/** wan2.7: the colours the result should use. */
	colorPalette?: PaletteColor[];
}

export interface Problem {
	/** The parameter as the user sees it in the panel. */
	parameter: string;
	message: string;
}

/** The panel's name of each optional parameter, for messages. */
export const PARAMETER_LABELS: Record<OptionalParameter, string> = {
	negativePrompt: 'Negative Prompt',
	promptExtend: 'Prompt Extend',
	watermark: 'Watermark',
	seed: 'Seed',
	thinkingMode: 'Thinking Mode',
	bboxList: 'Bounding Boxes',
	colorPalette: 'Color Palette',
};
