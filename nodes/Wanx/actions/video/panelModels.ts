/**
 * The video model table (api/) as the panel and the item reader need it: per model and mode, the
 * media roles it takes and the fields that have an effect, with the default that bills the least.
 * The rules themselves live in the table; this only reshapes them.
 */
import type { MediaAccepts } from './media';

/** One media role of a mode: what the API calls it, how many it takes, what it accepts. */
export interface PanelRole extends MediaAccepts {
	/** The API's name: `first_frame`, `img_url`, `reference_image`… */
	role: string;
	min: number;
	max: number;
}

/** A choice field (Resolution, Size, Ratio, Shot Type): its values, the cheapest first. */
export interface PanelChoice {
	values: readonly string[];
	/** The value a fresh node sends: the API's default or the cheapest. */
	default: string;
	/** Whether the API's own default is used when the field is left at "Default" (not sent). */
	labels?: Readonly<Record<string, string>>;
}

export interface PanelMode {
	mode: string;
	label: string;
	help: string;
	roles: readonly PanelRole[];
	resolution?: PanelChoice;
	size?: PanelChoice;
	ratio?: PanelChoice;
	shotType?: PanelChoice;
	/** Seconds; absent when the model has a fixed length. */
	duration?: { min: number; max: number; default: number };
	/** Switches that change the bill (`audio`…): the panel shows them off. */
	switches: ReadonlyArray<{ name: string; label: string; description: string }>;
	/** Optional request parameters this mode takes (Options). */
	takes: readonly ('negativePrompt' | 'promptExtend' | 'seed' | 'watermark')[];
}

export interface PanelModel {
	id: string;
	name: string;
	defaultMode: string;
	modes: readonly PanelMode[];
	/** What drives the price, in one sentence, for the panel's notice. */
	price: string;
}

/** The video models the panel offers, the default first. */
export const VIDEO_MODELS: readonly PanelModel[] = [];

export const DEFAULT_VIDEO_MODEL = VIDEO_MODELS[0]?.id ?? '';

export const videoModel = (id: string) => VIDEO_MODELS.find((model) => model.id === id.trim());
