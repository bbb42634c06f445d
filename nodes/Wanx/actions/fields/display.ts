/** When the panel shows a field: the models it offers, and show rules by version, model and mode. */
import type { IDisplayOptions } from 'n8n-workflow';

import type { Mode, ModelRule, OptionalParameter } from '../../api/modelRule';
import { CUSTOM_RULE, MODELS, modesOf } from '../../api/models';

export const V1 = { '@version': [1] };
export const V2 = [2];

/** The models the panel offers, the custom id last. */
export const PANEL_MODELS: ModelRule[] = [...MODELS, CUSTOM_RULE];

/**
 * The one value a fact has across the given models, for a panel text that states it once; a table
 * where the models differ fails here (and in the panel tests), so the text is rewritten, not wrong.
 */
export function sameFor<T>(models: readonly ModelRule[], fact: (model: ModelRule) => T): T {
	const values = [...new Set(models.map(fact))];
	if (values.length !== 1)
		throw new Error(`the panel states one value, the table has ${values.length}`);
	return values[0];
}

/** The models with rules that take an optional parameter in some mode. */
export const takingModels = (parameter: OptionalParameter) =>
	MODELS.filter((model) => modesOf(model).some(([, rule]) => rule.takes.includes(parameter)));

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
 * wan2.6-t2i, which has no Mode field) would hide options the new model takes.
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
