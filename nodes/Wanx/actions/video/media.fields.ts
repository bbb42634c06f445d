/** The Media field of the video operations: each input's role, as the model and mode take them, and its source. */
import type { INodeProperties } from 'n8n-workflow';

import { VIDEO_MODELS } from '../../api/videoModels';
import { sourceFields } from '../fields/shared.fields';
import { countText, forModelMode, MODEL_MODES, videoModesOf, type ModelMode } from './display';

/** The Role choice of one model and mode inside a Media entry. */
const roleField = (entry: ModelMode): INodeProperties => {
	const firstRole = entry.mode.roles[0].role;
	return {
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: entry.mode.roles.map((role) => ({
			name: role.label,
			value: role.role,
			description: `${role.count[0] > 0 ? 'Required' : 'Optional'}, ${countText(role.count)}; ${role.limits.mimeTypes.join(', ')}`,
		})),
		default: firstRole,
		description: `What this input is for. This mode takes: ${entry.mode.roles
			.map((role) => `${role.label} (${countText(role.count)})`)
			.join(', ')}.`,
		displayOptions: forModelMode(entry, '/'),
	};
};

/** Media: one entry per input, in the order the prompt refers to them. */
export const mediaField: INodeProperties = {
	displayName: 'Media',
	name: 'media',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Media',
	default: {},
	description:
		'The images, videos and audio the video is made from. Each comes from a URL, a binary field of the input item (uploaded to DashScope for you) or Base64.',
	displayOptions: {
		hide: {
			model: VIDEO_MODELS.filter((model) =>
				videoModesOf(model).every(([, mode]) => mode.roles.length === 0),
			).map((model) => model.id),
		},
	},
	options: [
		{
			displayName: 'Input',
			name: 'items',
			values: [
				...MODEL_MODES.filter((entry) => entry.mode.roles.length > 0).map(roleField),
				...sourceFields({
					url: 'A public http(s) URL, or an oss:// URL',
					binary:
						"A binary field of the input item (a Wanx image, a download, a form upload), uploaded to DashScope's temporary storage",
					urlField: { displayName: 'URL', placeholder: 'https://example.com/first-frame.png' },
					binaryHint: 'The name of the input binary field holding the file',
				}),
			],
		},
	],
};
