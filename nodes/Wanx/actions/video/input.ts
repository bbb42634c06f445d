/**
 * Reads the video parameters of one item and checks them before anything is sent: the model and
 * mode, the prompt, each media input (its bytes where it has them), and the output fields, then
 * the model's documented rules (the video API layer's validation).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asText, describeValue, wholeNumberOrRaw } from '../../api/coerce';
import { inputError, readText } from '../parameters';
import { checkMedia, type CheckedMedia, type MediaEntry } from './media';
import { DEFAULT_VIDEO_MODEL, videoModel, type PanelMode, type PanelModel } from './panelModels';

/** An item's video request as read from the panel; media bytes are not held. */
export interface VideoParams {
	model: string;
	mode: string;
	prompt: string;
	media: CheckedMedia[];
	resolution?: string;
	size?: string;
	ratio?: string;
	duration?: number;
	shotType?: string;
	switches: Record<string, boolean>;
	negativePrompt?: string;
	promptExtend?: boolean;
	seed?: number;
	watermark?: boolean;
}

function readModel(ctx: IExecuteFunctions, itemIndex: number): PanelModel {
	const id = readText(ctx, itemIndex, 'model', 'Model', DEFAULT_VIDEO_MODEL).trim();
	const model = videoModel(id);
	if (!model)
		throw inputError(
			ctx,
			itemIndex,
			'Model',
			`"${id.slice(0, 60)}" is not a video model of this node`,
		);
	return model;
}

/** Mode shapes the panel, so n8n does not evaluate expressions in it (as for images). */
function readMode(ctx: IExecuteFunctions, itemIndex: number, model: PanelModel): PanelMode {
	if (model.modes.length === 1) return model.modes[0];
	const text = readText(ctx, itemIndex, 'mode', 'Mode', model.defaultMode).trim();
	const mode = model.modes.find((known) => known.mode === text);
	if (mode) return mode;
	const choices = model.modes.map((known) => `${known.mode} (${known.label})`).join(', ');
	throw inputError(
		ctx,
		itemIndex,
		'Mode',
		`"${text.slice(0, 60)}" is not a mode of ${model.id}: use ${choices}`,
	);
}

export async function readVideoParams(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ params: VideoParams; mode: PanelMode }> {
	const model = readModel(ctx, itemIndex);
	const mode = readMode(ctx, itemIndex, model);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const entries = ctx.getNodeParameter('media.items', itemIndex, []) ?? [];
	if (!Array.isArray(entries)) {
		throw inputError(
			ctx,
			itemIndex,
			'Media',
			`must be a list of inputs; got ${describeValue(entries)}`,
		);
	}
	const roles = mode.roles.map((role) => `${role.role} (${role.label})`).join(', ') || 'none';
	const media: CheckedMedia[] = [];
	for (const [index, entry] of (entries as MediaEntry[]).entries()) {
		media.push(
			await checkMedia(
				ctx,
				itemIndex,
				entry ?? {},
				index + 1,
				(role) => mode.roles.find((known) => known.role === role),
				roles,
			),
		);
	}
	for (const role of mode.roles) {
		const count = media.filter((entry) => entry.role === role.role).length;
		if (count < role.min || count > role.max) {
			const wanted = role.min === role.max ? `${role.min}` : `${role.min} to ${role.max}`;
			throw inputError(
				ctx,
				itemIndex,
				'Media',
				`has ${count} × ${role.label}; ${model.id} (${mode.label}) takes ${wanted}`,
			);
		}
	}

	const params: VideoParams = {
		model: model.id,
		mode: mode.mode,
		prompt: readText(ctx, itemIndex, 'prompt', 'Prompt', ''),
		media,
		switches: {},
	};
	const choice = (name: string, panelName: string) =>
		readText(ctx, itemIndex, name, panelName, '').trim() || undefined;
	if (mode.resolution) params.resolution = choice('resolution', 'Resolution');
	if (mode.size) params.size = choice('videoSize', 'Size');
	if (mode.ratio) params.ratio = choice('ratio', 'Aspect Ratio');
	if (mode.shotType) params.shotType = choice('shotType', 'Shot Type');
	if (mode.duration) {
		params.duration = wholeNumberOrRaw(
			ctx.getNodeParameter('duration', itemIndex, mode.duration.default),
		) as number;
	}
	for (const option of mode.switches) {
		params.switches[option.name] = ctx.getNodeParameter(option.name, itemIndex, false) === true;
	}
	if (options.negativePrompt !== undefined && options.negativePrompt !== '') {
		const negative = asText(options.negativePrompt);
		if (!negative.ok) throw inputError(ctx, itemIndex, 'Negative Prompt', negative.message);
		if (negative.value !== '') params.negativePrompt = negative.value;
	}
	if (typeof options.promptExtend === 'boolean') params.promptExtend = options.promptExtend;
	if (typeof options.watermark === 'boolean') params.watermark = options.watermark;
	if (options.seed !== undefined && options.seed !== '') {
		params.seed = wholeNumberOrRaw(options.seed) as number;
	}
	return { params, mode };
}
