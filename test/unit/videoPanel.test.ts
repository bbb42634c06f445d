/**
 * The video panel as n8n resolves it (NodeHelpers, as the editor and the executor do): what a
 * fresh Resource Video node holds (the cheapest choices), which fields each model and mode shows,
 * the Role choices of Media, and the Options each model offers.
 */
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { Wanx } from '../../nodes/Wanx/Wanx.node';

const description = new Wanx().description;
const properties = description.properties;

const node = (parameters: INodeParameters): INode => ({
	id: 'video-panel-test',
	name: 'Wanx',
	type: 'n8n-nodes-wanx.wanx',
	typeVersion: 2,
	position: [0, 0],
	parameters,
});

const resolve = (values: INodeParameters): INodeParameters =>
	NodeHelpers.getNodeParameters(properties, values, true, false, node(values), description)!;

const isShown = (values: INodeParameters, property: INodeProperties, root = values) =>
	NodeHelpers.displayParameter(values, property, node(values), description, root);

/** The top-level fields shown, by name, in panel order (notices left out). */
function fields(values: INodeParameters): string[] {
	const resolved = resolve({ resource: 'video', ...values });
	return properties
		.filter((property) => property.type !== 'notice' && isShown(resolved, property))
		.map((property) => property.name);
}

function shown(values: INodeParameters, name: string): INodeProperties | undefined {
	const resolved = resolve({ resource: 'video', ...values });
	return properties.find((property) => property.name === name && isShown(resolved, property));
}

const optionValues = (property: INodeProperties | undefined) =>
	((property?.options ?? []) as INodePropertyOptions[]).map((option) => option.value);

/** What "Add Option" offers under Options. */
function optionNames(values: INodeParameters): string[] {
	const resolved = resolve({ resource: 'video', ...values });
	const collection = shown(values, 'options')!;
	return (collection.options as INodeProperties[])
		.filter((option) => isShown(resolved, option, resolved))
		.map((option) => option.name);
}

/** The Role choices of a Media entry under this model and mode. */
function roles(values: INodeParameters): unknown[] {
	const resolved = resolve({ resource: 'video', ...values });
	const media = shown(values, 'media')!;
	const entry = (media.options as Array<{ values: INodeProperties[] }>)[0].values;
	const role = entry.find((field) => field.name === 'role' && isShown({}, field, resolved));
	return optionValues(role);
}

const HEAD = ['resource', 'operation', 'model'];

test('Resource Video sits beside Image and Task', () => {
	const resource = properties.find((property) => property.name === 'resource')!;
	expect(optionValues(resource)).toEqual(['image', 'video', 'task']);
});

test('a fresh Video node bills the least: 720P, the API default 5 s, no paid sound', () => {
	const fresh = resolve({ resource: 'video', prompt: 'the cat yawns' });
	expect(fresh).toMatchObject({
		resource: 'video',
		operation: 'generateAsync',
		model: 'wan2.7-i2v',
		mode: 'firstFrame',
		resolution: '720P',
		duration: 5,
	});
	expect(fields({})).toEqual([
		...HEAD,
		'mode',
		'prompt',
		'media',
		'resolution',
		'duration',
		'options',
	]);
	expect(roles({})).toEqual(['first_frame', 'last_frame', 'driving_audio']);
});

test.each<[string, INodeParameters, string[], Record<string, unknown>]>([
	[
		'wan2.7-i2v, Continue a Clip',
		{ model: 'wan2.7-i2v', mode: 'continuation' },
		['mode', 'prompt', 'media', 'resolution', 'duration', 'options'],
		{ resolution: '720P', duration: 5 },
	],
	[
		'wan2.7-t2v',
		{ model: 'wan2.7-t2v' },
		['prompt', 'media', 'resolution', 'ratio', 'duration', 'options'],
		{ resolution: '720P', ratio: '16:9', duration: 5 },
	],
	[
		'wan2.7-r2v',
		{ model: 'wan2.7-r2v' },
		['prompt', 'media', 'resolution', 'ratio', 'duration', 'options'],
		{ resolution: '720P', duration: 5 },
	],
	[
		'wan2.6-t2v',
		{ model: 'wan2.6-t2v' },
		['prompt', 'media', 'videoSize', 'duration', 'shotType', 'options'],
		{ videoSize: '1280*720', duration: 5, shotType: 'single' },
	],
	[
		'wan2.6-i2v-flash',
		{ model: 'wan2.6-i2v-flash' },
		['prompt', 'media', 'resolution', 'duration', 'shotType', 'audio', 'options'],
		{ resolution: '720P', audio: false },
	],
	[
		'wan2.2-kf2v-flash (fixed 5 s: no Duration)',
		{ model: 'wan2.2-kf2v-flash' },
		['prompt', 'media', 'resolution', 'options'],
		{ resolution: '480P' },
	],
])('%s shows what it takes, at the cheapest values', (_title, values, expected, defaults) => {
	expect(fields(values)).toEqual([...HEAD, ...expected]);
	expect(resolve({ resource: 'video', ...values })).toMatchObject(defaults);
});

test('Media offers the roles of the model and mode', () => {
	expect(roles({ model: 'wan2.7-i2v', mode: 'continuation' })).toEqual([
		'first_clip',
		'last_frame',
	]);
	expect(roles({ model: 'wan2.7-r2v' })).toEqual([
		'reference_image',
		'reference_video',
		'first_frame',
	]);
	expect(roles({ model: 'wan2.7-videoedit' })).toEqual(['video', 'reference_image']);
	expect(roles({ model: 'wan2.2-kf2v-flash' })).toEqual(['first_frame', 'last_frame']);
});

test('Options offer what the model takes, once each, plus the wait and run options', () => {
	const i2v = optionNames({ model: 'wan2.7-i2v' });
	expect(i2v).toEqual(
		expect.arrayContaining(['negativePrompt', 'promptExtend', 'seed', 'watermark', 'maxWait']),
	);
	expect(new Set(i2v).size).toBe(i2v.length);
	expect(optionNames({ model: 'wan2.6-r2v' })).not.toContain('promptExtend');
	expect(optionNames({ model: 'wan2.6-r2v', operation: 'submitTask' })).not.toContain('maxWait');
});

test('Max Wait fits video (30 min) without changing the image default (15 min)', () => {
	const maxWait = (resource: string) =>
		(shown({ resource }, 'options')!.options as INodeProperties[]).find(
			(option) => option.name === 'maxWait',
		)!.default;
	expect(maxWait('video')).toBe(1800);
	const imageOptions = properties.find(
		(property) =>
			property.name === 'options' &&
			isShown(resolve({ resource: 'image', operation: 'generateAsync' }), property),
	)!;
	expect(
		(imageOptions.options as INodeProperties[]).find((option) => option.name === 'maxWait')!
			.default,
	).toBe(900);
});

test('the node says video where n8n searches: description, aliases, actions', () => {
	expect(description.description).toMatch(/video/i);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const codex = require('../../nodes/Wanx/Wanx.node.json');
	expect(codex.alias).toEqual(expect.arrayContaining(['video', 'qwen', 'wan', 'image to video']));
	const actions = properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options as INodePropertyOptions[])
		.map((option) => option.action);
	expect(actions).toContain('Generate a video via an async task');
});
