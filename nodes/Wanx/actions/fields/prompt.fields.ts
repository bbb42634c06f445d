/** The Prompt field, shared by both versions. */
import type { INodeProperties } from 'n8n-workflow';

export const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. Put the cat from image 1 on the sofa from image 2, warm evening light',
	description:
		'What to generate, in English or Chinese (wan2.6-image: up to 2000 characters). Refer to reference images as "image 1", "image 2" in their order below.',
};
