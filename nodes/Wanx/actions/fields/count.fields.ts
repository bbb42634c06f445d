/** The count field (Number of Images, Max Images in Set, Max Images) of each version-2 model and mode. */
import type { INodeProperties } from 'n8n-workflow';

import type { ModeRule, ModelRule } from '../../api/modelRule';
import type { Mode } from '../../api/modelRule';

import { forModelMode } from './display';

/** The count field of one model and mode (`n`, or `max_images` in interleaved mode); defaults bill one image. */
export function countField(model: ModelRule, mode: Mode, rule: ModeRule): INodeProperties {
	const [min, max] = rule.count.range;
	const bounded = max < Number.MAX_SAFE_INTEGER;
	const range = bounded ? ` (${min}–${max})` : '';
	const field = {
		n: {
			displayName: mode === 'sequential' ? 'Max Images in Set' : 'Number of Images',
			name: 'n',
			description:
				mode === 'sequential'
					? `The most images the set may have${range}; the model may make fewer. Each image is billed.`
					: `How many images to generate${range}. Each image is billed.`,
		},
		max_images: {
			displayName: 'Max Images',
			name: 'maxImages',
			description: `The most images the model may put between the text${range}; it may use fewer. Each image is billed.`,
		},
	}[rule.count.name];
	return {
		...field,
		type: 'number',
		typeOptions: bounded ? { minValue: min, maxValue: max } : { minValue: min },
		default: 1,
		displayOptions: forModelMode(model, mode),
	};
}
