/** The Prompt and Reference Images fields (both versions): each image from a URL, a binary property or Base64. */
import type { INodeProperties } from 'n8n-workflow';

import type { ModelRule } from '../../api/modelRule';
import { DEFAULT_MODEL, MB, MODELS, modelRule, modesOf } from '../../api/models';
import { acceptedTypes } from '../../api/referenceImage';

import { PANEL_MODELS } from './display';
import { sourceFields } from './shared.fields';

export const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. Put the cat from image 1 on the sofa from image 2, warm evening light',
	description: `What to generate, in English or Chinese (${DEFAULT_MODEL}: up to ${modelRule(DEFAULT_MODEL).promptChars} characters). Refer to reference images as "image 1", "image 2" in their order below.`,
};

/** The models that take reference images, the default first. */
const TAKING_IMAGES = MODELS.filter((model) =>
	modesOf(model).some(([, rule]) => rule.images[1] > 0),
);

/** `wan2.7` for wan2.7-image and wan2.7-image-pro when no other model shares the prefix; else the ids. */
function family(ids: string[]): string {
	const prefix = ids[0].split('-')[0];
	const members = TAKING_IMAGES.filter((model) => model.id.split('-')[0] === prefix);
	return members.every((model) => ids.includes(model.id)) ? prefix : ids.join(', ');
}

/** A fact of the image-taking models: the first model's, then where others differ (`10 MB (wan2.7: 20 MB)`). */
function byModel(fact: (model: ModelRule) => string): string {
	const [first, ...others] = TAKING_IMAGES;
	const differing = new Map<string, string[]>();
	for (const model of others) {
		const value = fact(model);
		if (value !== fact(first)) differing.set(value, [...(differing.get(value) ?? []), model.id]);
	}
	const notes = [...differing].map(([value, ids]) => `${family(ids)}: ${value}`);
	return notes.length ? `${fact(first)} (${notes.join('; ')})` : fact(first);
}

const imageRules = `${acceptedTypes('or')}, ${byModel(({ inputImage: { side } }) => `${side[0]} to ${side[1]} pixels per side`)}, up to ${byModel(({ inputImage }) => `${inputImage.bytes / MB} MB`)}`;

const imageLimits = PANEL_MODELS.filter((model) => model.checked)
	.flatMap((model) =>
		modesOf(model)
			.filter(([, rule]) => rule.images[1] > 0)
			.map(([, rule]) => `${model.id} ${rule.describe} ${rule.images[0]}–${rule.images[1]}`),
	)
	.join('; ');

export const referenceImagesField: INodeProperties = {
	displayName: 'Reference Images',
	name: 'referenceImages',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Reference Image',
	default: {},
	description: `How many each mode takes: ${imageLimits}. ${imageRules}.`,
	displayOptions: {
		hide: {
			model: PANEL_MODELS.filter((model) =>
				modesOf(model).every(([, rule]) => rule.images[1] === 0),
			).map((model) => model.id),
		},
	},
	options: [
		{
			displayName: 'Image',
			name: 'images',
			values: sourceFields({
				url: 'A public http(s) URL',
				binary: 'A binary property of the input item, e.g. from a form upload or a download',
				urlField: { displayName: 'Image URL', placeholder: 'https://example.com/photo.png' },
				binaryHint: 'The name of the input binary field holding the image',
				base64: `A data: URI, or raw Base64 of a ${acceptedTypes('or')} file`,
			}),
		},
	],
};
