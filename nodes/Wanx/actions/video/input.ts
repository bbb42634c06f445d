/**
 * Reads the video parameters of one item and checks them before anything is sent: the model and
 * mode, each media input (its bytes, where it has them, against the role's limits), the output
 * fields, the options, then the model's documented rules (the video layer's validateVideoInput).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { wholeNumberOrRaw } from '../../api/values';
import { DEFAULT_VIDEO_MODEL, videoModelRule } from '../../api/videoModels';
import type {
	VideoChoice,
	VideoInput,
	VideoMode,
	VideoModeRule,
	VideoModelRule,
} from '../../api/videoTypes';
import { validateVideoInput } from '../../api/videoValidate';
import { inputError, readList, readSharedOptions, readText } from '../parameters';
import { videoModesOf } from './display';
import { checkMedia, mediaItem, type CheckedMedia, type MediaEntry } from './media';

function readModel(ctx: IExecuteFunctions, itemIndex: number): VideoModelRule {
	const id = readText(ctx, itemIndex, 'model', 'Model', DEFAULT_VIDEO_MODEL).trim();
	const model = videoModelRule(id);
	if (!model) {
		throw inputError(
			ctx,
			itemIndex,
			'Model',
			`"${id.slice(0, 60)}" is not a video model of this node`,
		);
	}
	return model;
}

/** Mode shapes the panel, so n8n does not evaluate expressions in it (as for images). */
function readMode(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: VideoModelRule,
): [VideoMode, VideoModeRule] {
	const modes = videoModesOf(model);
	if (modes.length === 1) return modes[0];
	const text = readText(ctx, itemIndex, 'mode', 'Mode', model.defaultMode).trim();
	const mode = modes.find(([name]) => name === text);
	if (mode) return mode;
	const choices = modes.map(([name, rule]) => `${name} (${rule.label})`).join(', ');
	throw inputError(
		ctx,
		itemIndex,
		'Mode',
		`"${text.slice(0, 60)}" is not a mode of ${model.id}: use ${choices}`,
	);
}

/** One item's checked input, and its media as read (bytes dropped, to read again at send time). */
export interface ReadVideo {
	input: VideoInput;
	media: CheckedMedia[];
	mode: VideoModeRule;
}

export async function readVideoInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<ReadVideo> {
	const model = readModel(ctx, itemIndex);
	const [modeName, mode] = readMode(ctx, itemIndex, model);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const entries = readList<MediaEntry>(ctx, itemIndex, 'media.items', 'Media', 'inputs');
	const roles = mode.roles.map((role) => `${role.role} (${role.label})`).join(', ') || 'none';
	const media: CheckedMedia[] = [];
	for (const [index, entry] of entries.entries()) {
		const accepts = (role: string) => mode.roles.find((known) => known.role === role);
		media.push(await checkMedia(ctx, itemIndex, entry ?? {}, index + 1, accepts, roles));
	}

	const input: VideoInput = {
		model: model.id,
		mode: modeName,
		prompt: readText(ctx, itemIndex, 'prompt', 'Prompt', ''),
		media: media.map((entry) =>
			mediaItem(
				entry,
				mode.roles.find((role) => role.role === entry.role),
			),
		),
	};
	// Resolution and size drive the bill: always sent. The others, and the duration, are left out
	// at the API's default (or "Default"), as a fresh node sends them (freshVideoInput).
	const text = (name: string, panelName: string, fallback: string) =>
		readText(ctx, itemIndex, name, panelName, fallback).trim();
	const unlessDefault = (value: string, rule: VideoChoice) =>
		value === '' || value === rule.apiDefault ? undefined : value;
	if (mode.resolution) input.resolution = text('resolution', 'Resolution', mode.resolution.default);
	if (mode.size) input.size = text('videoSize', 'Size', mode.size.default);
	if (mode.ratio) input.ratio = unlessDefault(text('ratio', 'Aspect Ratio', ''), mode.ratio);
	if (mode.shotType)
		input.shotType = unlessDefault(text('shotType', 'Shot Type', ''), mode.shotType);
	if (mode.audioSetting) {
		input.audioSetting = unlessDefault(
			text('audioSetting', 'Audio Setting', ''),
			mode.audioSetting,
		);
	}
	if (!mode.duration.fixed) {
		const duration = wholeNumberOrRaw(
			ctx.getNodeParameter('duration', itemIndex, mode.duration.apiDefault),
		);
		if (duration !== mode.duration.apiDefault) input.duration = duration as number;
	}
	if (mode.takes.includes('audio'))
		input.audio = ctx.getNodeParameter('audio', itemIndex, false) === true;
	Object.assign(input, readSharedOptions(ctx, itemIndex, options));

	const problem = validateVideoInput(input);
	if (problem) throw inputError(ctx, itemIndex, problem.parameter, problem.message);
	return { input, media, mode };
}
