/**
 * The panel as n8n resolves it (NodeHelpers.getNodeParameters / displayParameter, the same code the
 * editor and the executor run): which fields and options each model × mode × operation shows, what
 * a freshly added node holds, and that version 1 keeps its fields and defaults.
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

const node = (typeVersion: number, parameters: INodeParameters = {}): INode => ({
	id: 'panel-test',
	name: 'Wanx',
	type: 'n8n-nodes-wanx.wanx',
	typeVersion,
	position: [0, 0],
	parameters,
});

/** The parameters n8n keeps (shown ones, defaults filled in), as after a change in the editor. */
function resolve(typeVersion: number, values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(
		properties,
		values,
		true,
		false,
		node(typeVersion, values),
		description,
	)!;
}

/** The displayed property of a name (the one n8n shows among same-named ones). */
function shown(
	typeVersion: number,
	values: INodeParameters,
	name: string,
): INodeProperties | undefined {
	const resolved = resolve(typeVersion, values);
	return properties.find(
		(property) =>
			property.name === name &&
			NodeHelpers.displayParameter(resolved, property, node(typeVersion, resolved), description),
	);
}

/** The options the "Options" collection offers to add. */
function optionNames(typeVersion: number, values: INodeParameters): string[] {
	const resolved = resolve(typeVersion, values);
	const collection = shown(typeVersion, values, 'options')!;
	return (collection.options as INodeProperties[])
		.filter((option) =>
			NodeHelpers.displayParameter(
				resolved,
				option,
				node(typeVersion, resolved),
				description,
				resolved,
			),
		)
		.map((option) => option.name);
}

/**
 * The options offered right after the Model changed, before n8n drops the previous model's values:
 * the editor evaluates the Add Option list against the node's values as they stand.
 */
function optionNamesRightAfterSwitch(values: INodeParameters): string[] {
	const collection = shown(2, values, 'options')!;
	return (collection.options as INodeProperties[])
		.filter((option) =>
			NodeHelpers.displayParameter(values, option, node(2, values), description, values),
		)
		.map((option) => option.name);
}

test('a Mode left over from the previous model hides nothing the new model takes', () => {
	// wan2.7's Image Set, then wan2.6-t2i (which has no Mode field): every t2i option stays offered.
	const leftOver = { operation: 'generateAsync', model: 'wan2.6-t2i', mode: 'sequential' };
	expect(optionNamesRightAfterSwitch(leftOver)).toEqual(
		expect.arrayContaining(['negativePrompt', 'promptExtend', 'seed', 'watermark']),
	);
	// wan2.6-image's interleaved mode, then wan2.6-t2i: Prompt Extend still offered.
	expect(optionNamesRightAfterSwitch({ ...leftOver, mode: 'interleave' })).toContain(
		'promptExtend',
	);
});

test('each option is offered once, whichever of its entries applies', () => {
	for (const model of ['wan2.6-image', 'wan2.7-image', 'wan2.6-t2i', 'custom', 'any-other-id']) {
		for (const mode of ['edit', 'interleave', 'sequential']) {
			const names = optionNamesRightAfterSwitch({ operation: 'generateAsync', model, mode });
			expect(new Set(names).size).toBe(names.length);
		}
	}
});

const sizeValues = (typeVersion: number, values: INodeParameters) =>
	((shown(typeVersion, values, 'size')?.options ?? []) as INodePropertyOptions[]).map(
		(option) => option.value,
	);

test('a freshly added node (version 2) runs on a prompt alone and bills one image', () => {
	const fresh = resolve(2, { prompt: 'a cat' });
	expect(fresh).toMatchObject({
		resource: 'image',
		operation: 'generateAsync',
		model: 'wan2.6-image',
		mode: 'interleave',
		maxImages: 1,
	});
	expect(fresh.n).toBeUndefined();
	expect(description.defaultVersion).toBe(2);
});

test('version 1 keeps its fields and defaults (Model as text, editing, Max Images 5)', () => {
	const v1 = resolve(1, { prompt: 'a cat' });
	expect(v1).toMatchObject({ model: 'wan2.6-image', mode: 'edit', n: 1, size: 'auto' });
	expect(shown(1, {}, 'model')?.type).toBe('string');
	expect(resolve(1, { mode: 'interleave' }).maxImages).toBe(5);
	expect(sizeValues(1, {})).toEqual([
		'auto',
		'1K',
		'2K',
		'1280*1280',
		'1024*1024',
		'800*1200',
		'1200*800',
		'960*1280',
		'1280*960',
		'720*1280',
		'1280*720',
		'1344*576',
		'custom',
	]);
});

// [model, mode, operation] → fields shown (top level), options offered, size choices.
type Row = [string, string | undefined, string, string[], string[], string[]];
const GEN = ['negativePrompt', 'promptExtend', 'seed', 'watermark'];
const OUT = ['downloadImages', 'binaryPropertyPrefix', 'splitImages'];
const RUN = ['concurrency', 'requestTimeout', 'resubmitUncertain', 'submitRate'];
const WAIT = ['maxWait', 'pollInterval'];
const W27_SIZES = [
	'auto',
	'1K',
	'2K',
	'1280*1280',
	'1024*1024',
	'800*1200',
	'1200*800',
	'960*1280',
	'1280*960',
	'720*1280',
	'1280*720',
	'1344*576',
	'1104*1472',
	'1472*1104',
	'960*1696',
	'1696*960',
	'custom',
];
const ROWS: Row[] = [
	[
		'wan2.6-image',
		'edit',
		'generateAsync',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'n'],
		[...GEN, ...WAIT, ...OUT, ...RUN],
		['auto', '1K', '2K', ...W27_SIZES.slice(3)],
	],
	[
		'wan2.6-image',
		'interleave',
		'generateAsync',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'maxImages'],
		['negativePrompt', 'seed', 'watermark', ...WAIT, ...OUT, ...RUN],
		[
			'auto',
			'1280*1280',
			'1024*1024',
			'800*1200',
			'1200*800',
			'960*1280',
			'1280*960',
			'720*1280',
			'1280*720',
			'1344*576',
			'1104*1472',
			'1472*1104',
			'960*1696',
			'1696*960',
			'custom',
		],
	],
	[
		'wan2.6-image',
		'interleave',
		'generate',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'maxImages'],
		['negativePrompt', 'seed', 'watermark', ...OUT, ...RUN],
		[
			'auto',
			'1280*1280',
			'1024*1024',
			'800*1200',
			'1200*800',
			'960*1280',
			'1280*960',
			'720*1280',
			'1280*720',
			'1344*576',
			'1104*1472',
			'1472*1104',
			'960*1696',
			'1696*960',
			'custom',
		],
	],
	[
		'wan2.7-image',
		'edit',
		'generateAsync',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'n'],
		['seed', 'watermark', 'thinkingMode', 'bboxList', 'colorPalette', ...WAIT, ...OUT, ...RUN],
		W27_SIZES,
	],
	[
		'wan2.7-image',
		'sequential',
		'submitTask',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'n'],
		['seed', 'watermark', ...RUN],
		W27_SIZES,
	],
	[
		'wan2.7-image-pro',
		'edit',
		'generate',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'n'],
		['seed', 'watermark', 'thinkingMode', 'bboxList', 'colorPalette', ...OUT, ...RUN],
		['auto', '1K', '2K', '4K', ...W27_SIZES.slice(3)],
	],
	[
		'wan2.7-image-pro',
		'sequential',
		'generateAsync',
		['model', 'mode', 'prompt', 'referenceImages', 'size', 'n'],
		['seed', 'watermark', ...WAIT, ...OUT, ...RUN],
		W27_SIZES,
	],
	[
		'wan2.6-t2i',
		undefined,
		'generateAsync',
		['model', 'prompt', 'size', 'n'],
		[...GEN, ...WAIT, ...OUT, ...RUN],
		['auto', '1280*1280', '1104*1472', '1472*1104', '960*1696', '1696*960', 'custom'],
	],
	[
		'custom',
		'edit',
		'generateAsync',
		['model', 'customModel', 'mode', 'prompt', 'referenceImages', 'size', 'n'],
		[...GEN, 'thinkingMode', 'bboxList', 'colorPalette', ...WAIT, ...OUT, ...RUN],
		['auto', '1K', '2K', '4K', 'custom'],
	],
	[
		'custom',
		'interleave',
		'generateAsync',
		['model', 'customModel', 'mode', 'prompt', 'referenceImages', 'size', 'maxImages'],
		['negativePrompt', 'seed', 'watermark', ...WAIT, ...OUT, ...RUN],
		['auto', '1K', '2K', '4K', 'custom'],
	],
];

test.each(ROWS)(
	'%s · %s · %s: shows only what takes effect',
	(model, mode, operation, fields, options, sizes) => {
		const values: INodeParameters = {
			resource: 'image',
			operation,
			model,
			...(mode ? { mode } : {}),
		};
		const top = Object.keys(resolve(2, values)).filter(
			(name) => !['resource', 'operation', 'options'].includes(name),
		);
		expect(top.sort()).toEqual([...fields].sort());
		expect(optionNames(2, values).sort()).toEqual([...options].sort());
		expect(sizeValues(2, values)).toEqual(sizes);
	},
);

test('Get Task without waiting shows no Max Wait or Poll Interval; with waiting it does', () => {
	const getTask = { resource: 'task', operation: 'getTask' };
	expect(optionNames(2, { ...getTask, waitForCompletion: false })).not.toEqual(
		expect.arrayContaining(['maxWait']),
	);
	expect(optionNames(2, { ...getTask, waitForCompletion: false })).not.toContain('pollInterval');
	expect(optionNames(2, { ...getTask, waitForCompletion: true })).toEqual(
		expect.arrayContaining(WAIT),
	);
});

test('Get Task waits as long as a video needs: its Max Wait default is the video one, above the image one; option names unchanged', () => {
	const option = (values: INodeParameters, name: string) =>
		(shown(2, values, 'options')!.options as INodeProperties[]).find(
			(candidate) => candidate.name === name,
		)!;
	const getTask = { resource: 'task', operation: 'getTask', waitForCompletion: true };
	const videoTask = { resource: 'video', operation: 'generateAsync', model: 'wan2.7-i2v' };
	const imageTask = { resource: 'image', operation: 'generateAsync' };
	expect(option(getTask, 'maxWait').default).toBe(option(videoTask, 'maxWait').default);
	expect(option(getTask, 'maxWait').default).toBe(1800);
	expect(option(imageTask, 'maxWait').default).toBe(900);
	expect(option(getTask, 'maxWait').description).toMatch(/video tasks/);
	// Saved workflows keep working: the names Get Task has always read.
	expect(optionNames(2, getTask).sort()).toEqual(
		[
			'maxWait',
			'pollInterval',
			'downloadImages',
			'binaryPropertyPrefix',
			'splitImages',
			'concurrency',
			'requestTimeout',
		].sort(),
	);
	expect(option(getTask, 'downloadImages').description).toMatch(/MP4 of a video task/);
});

test('a Prompt Extend set in editing is dropped by n8n when the mode becomes interleaved (hidden, never sent)', () => {
	const values = {
		resource: 'image',
		operation: 'generateAsync',
		model: 'wan2.6-image',
		mode: 'interleave',
		options: { promptExtend: false, seed: 3 },
	};
	expect(resolve(2, values).options).toEqual({ seed: 3 });
});

test('the subtitle names the operation as the Operation field does', () => {
	const names = properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options as INodePropertyOptions[])
		.map((option) => [option.value, option.name]);
	for (const [value, name] of names)
		expect(description.subtitle).toContain(`${String(value)}: "${name}"`);
	expect(description.subtitle).toContain('$parameter["customModel"]');
});
