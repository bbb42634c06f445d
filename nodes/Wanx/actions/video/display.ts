/** Where the video fields show: the table's models × modes, and show rules for one of them. */
import type { IDisplayOptions } from 'n8n-workflow';

import { VIDEO_MODELS } from '../../api/videoModels';
import type { VideoMode, VideoModeRule, VideoModelRule } from '../../api/videoTypes';

/** A model's modes with their rules, in the table's order. */
export const videoModesOf = (model: VideoModelRule) =>
	Object.entries(model.modes) as Array<[VideoMode, VideoModeRule]>;

export interface ModelMode {
	model: string;
	name: VideoMode;
	mode: VideoModeRule;
	/** How many modes the model has (one: no Mode field). */
	modes: number;
}

export const MODEL_MODES: ModelMode[] = VIDEO_MODELS.flatMap((model) =>
	videoModesOf(model).map(([name, mode]) => ({
		model: model.id,
		name,
		mode,
		modes: videoModesOf(model).length,
	})),
);

/** Shown for one model and mode; `/` for fields inside a collection. */
export const forModelMode = ({ model, name, modes }: ModelMode, prefix = ''): IDisplayOptions => ({
	show: {
		[`${prefix}model`]: [model],
		...(modes > 1 ? { [`${prefix}mode`]: [name] } : {}),
	},
});

export const countText = ([min, max]: readonly [number, number]) =>
	min === max ? `${min}` : `${min}–${max}`;
