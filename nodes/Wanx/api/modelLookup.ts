/** Lookups on the model table (models.ts): a model id's row, its modes, rates, image limits. */
import { CUSTOM_RULE, MODELS } from './models';
import type { ModeRule, ModelRule } from './models.types';
import type { Mode } from './types';
import { videoModelRule } from './videoModels';

/** A model's modes with their rules, in the table's order. */
export const modesOf = (model: ModelRule) => Object.entries(model.modes) as Array<[Mode, ModeRule]>;

/** The rule of a model id; unknown ids get the custom (unchecked) rule. */
export function modelRule(id: string): ModelRule {
	return MODELS.find((model) => model.id === id.trim()) ?? CUSTOM_RULE;
}

/** The other modes of the model that accept what this one refuses, for a hint. */
export function otherModeWhere(
	model: ModelRule,
	mode: Mode,
	test: (rule: ModeRule) => boolean,
): ModeRule | undefined {
	return modesOf(model).find(([name, rule]) => name !== mode && test(rule))?.[1];
}

/** Submissions per second the account may make for this model in this region (§6.1; video: §9.8). */
export function submissionsPerSecond(model: string, region: string | undefined): number {
	const video = videoModelRule(model);
	if (video) return video.limits.submissionsPerSecond;
	const rates = modelRule(model).submissionsPerSecond;
	return (region !== undefined ? rates[region] : undefined) ?? rates.default;
}
