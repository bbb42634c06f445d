/** When the panel shows a field: the models it offers, and show rules by version, model and mode. */
import type { IDisplayOptions } from 'n8n-workflow';

import { modesOf } from '../../api/models';
import { CUSTOM_RULE, MODELS } from '../../api/models';
import type { ModelRule, OptionalParameter } from '../../api/modelRule';
import type { Mode } from '../../api/modelRule';

export const V1 = { '@version': [1] };
export const V2 = [2];

/** The models the panel offers, the custom id last. */
export const PANEL_MODELS: ModelRule[] = [...MODELS, CUSTOM_RULE];

/** Shown for one model and mode in version 2 (a single-mode model has no Mode field to match). */
export function forModelMode(model: ModelRule, mode: Mode): IDisplayOptions {
	const show: IDisplayOptions['show'] = { '@version': V2, model: [model.id] };
	if (modesOf(model).length > 1) show.mode = [mode];
	return { show };
}

const KNOWN_MODEL_IDS = PANEL_MODELS.map((model) => model.id);

/**
 * Where an option takes effect, from the model table, as one `show` rule per group: the models
 * that take it in every mode (no Mode condition), one rule per model that takes it in some modes
 * only, and any id the table does not know (version 1's free-text Model). Each rule becomes its own
 * entry of the option (same name, exclusive conditions). A single `hide` rule would not do: n8n ORs
 * its conditions, so a Mode value left over from the previous model (wan2.7's Image Set, then
 * wan2.6-t2i, which has no Mode field) hid options the new model takes.
 */
export function takenBy(parameter: OptionalParameter): IDisplayOptions[] {
	const everyMode: string[] = [];
	const someModes: IDisplayOptions[] = [];
	for (const model of PANEL_MODELS) {
		const modes = modesOf(model);
		const taking = modes.filter(([, rule]) => rule.takes.includes(parameter)).map(([mode]) => mode);
		if (taking.length === modes.length) everyMode.push(model.id);
		else if (taking.length > 0) someModes.push({ show: { '/model': [model.id], '/mode': taking } });
	}
	const rules: IDisplayOptions[] = [{ hide: { '/model': KNOWN_MODEL_IDS } }, ...someModes];
	if (everyMode.length) rules.unshift({ show: { '/model': everyMode } });
	return rules;
}
