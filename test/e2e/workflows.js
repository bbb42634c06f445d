'use strict';
/**
 * The workflows the real-n8n e2e suite imports (all at once, into one user folder per n8n version).
 * Each is a function of the run context, because URLs and folders are only known at run time.
 * Prompts are unique per workflow: the emulator's request log is filtered by them, so workflows
 * can run in parallel against one emulator.
 */

const CRED_ID = 'wanxE2eCred00001';
const CRED_NAME = 'DashScope (e2e emulator)';
const WANX = 'n8n-nodes-wanx.wanx';

const PROMPTS = {
	asyncEdit: 'e2e async edit: put the red fox from the picture into deep snow',
	syncEdit: 'e2e sync edit: merge the two pictures into one poster',
	asyncStory: 'e2e async story: a 3-step tutorial on brewing green tea',
	syncStory: 'e2e sync story: how the little robot found its way home',
	failingTask: 'e2e failing task: this one is blocked by the content filter',
	cof: [
		'e2e cof item 1: a blue whale',
		'e2e cof item 2: rejected by DashScope',
		'e2e cof item 3: a green parrot',
	],
	chain: 'e2e chain: two postcards of a lighthouse at dawn',
	diskEdit: 'e2e disk edit: turn the photo read from disk into a watercolour',
	proText4k: 'e2e wan2.7-image-pro 4K: a lighthouse poster, thinking first',
	edit6: 'e2e wan2.7-image edit: put the six objects from the pictures on one table',
	thinkingWithImages: 'e2e wan2.7-image thinking mode with a reference image',
	imageSet: 'e2e wan2.7-image set: eight frames of a paper boat on a river',
	t2i: 'e2e wan2.6-t2i: a red kite over green hills',
};

const IDS = {
	asyncEdit: 'wxE2eAsyncEdit',
	syncEdit: 'wxE2eSyncEdit',
	asyncStory: 'wxE2eAsyncStory',
	syncStory: 'wxE2eSyncStory',
	failingTask: 'wxE2eFailingTask',
	cof: 'wxE2eContinueOnFail',
	chain: 'wxE2eChain',
	diskEdit: 'wxE2eDiskEdit',
	proText4k: 'wxE2eProText4k',
	edit6: 'wxE2eEdit6',
	thinkingWithImages: 'wxE2eThinkingImages',
	imageSet: 'wxE2eImageSet',
	t2i: 'wxE2eT2i',
};

let uuidCounter = 0;
const nodeId = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;

function trigger() {
	return {
		id: nodeId(),
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

function wanx(parameters, extra = {}) {
	return {
		id: nodeId(),
		name: 'Wanx',
		type: WANX,
		typeVersion: 1,
		position: [440, 0],
		parameters: { resource: 'image', model: 'wan2.6-image', ...parameters },
		credentials: { dashScopeApi: { id: CRED_ID, name: CRED_NAME } },
		...extra,
	};
}

/** A version 2 node: Model is a list; every field follows the model and mode. */
function wanx2(parameters) {
	return { ...wanx({}), typeVersion: 2, parameters: { resource: 'image', ...parameters } };
}

/** Connects the nodes in a line, in the order given. */
function linear(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
		pinData: {},
	};
}

const url = (name) => `https://example.com/e2e/${name}.png`;

/** ctx: { outDir, webhookUrl, inputFile } */
function buildWorkflows(ctx) {
	return {
		asyncEdit: linear(IDS.asyncEdit, 'e2e: async edit', [
			trigger(),
			wanx({
				operation: 'generateAsync',
				mode: 'edit',
				prompt: PROMPTS.asyncEdit,
				referenceImages: { images: [{ source: 'url', url: url('fox') }] },
				size: '1280*1280',
				n: 2,
				options: {
					negativePrompt: 'blurry, low quality',
					seed: 42,
					watermark: false,
					promptExtend: false,
				},
			}),
		]),
		syncEdit: linear(IDS.syncEdit, 'e2e: sync edit', [
			trigger(),
			wanx({
				operation: 'generate',
				mode: 'edit',
				prompt: PROMPTS.syncEdit,
				referenceImages: {
					images: [
						{ source: 'url', url: url('left') },
						{ source: 'url', url: url('right') },
					],
				},
				size: 'custom',
				customSize: '1024*768',
				n: 1,
				options: { downloadImages: false },
			}),
		]),
		asyncStory: linear(IDS.asyncStory, 'e2e: async interleave (text-to-image)', [
			trigger(),
			wanx({
				operation: 'generateAsync',
				mode: 'interleave',
				prompt: PROMPTS.asyncStory,
				maxImages: 3,
				options: { downloadImages: false },
			}),
		]),
		syncStory: linear(IDS.syncStory, 'e2e: sync interleave (SSE)', [
			trigger(),
			wanx({
				operation: 'generate',
				mode: 'interleave',
				prompt: PROMPTS.syncStory,
				referenceImages: { images: [{ source: 'url', url: url('robot') }] },
				maxImages: 2,
				options: {},
			}),
		]),
		failingTask: linear(IDS.failingTask, 'e2e: failing task', [
			trigger(),
			wanx({
				operation: 'generateAsync',
				mode: 'interleave',
				prompt: PROMPTS.failingTask,
				maxImages: 1,
				options: { downloadImages: false },
			}),
		]),
		cof: linear(IDS.cof, 'e2e: continue on fail', [
			trigger(),
			{
				id: nodeId(),
				name: 'Prompts',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [0, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: nodeId(), name: 'prompt', type: 'array', value: JSON.stringify(PROMPTS.cof) },
						],
					},
					options: {},
				},
			},
			{
				id: nodeId(),
				name: 'One Item per Prompt',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [0, 0],
				parameters: { fieldToSplitOut: 'prompt', include: 'noOtherFields', options: {} },
			},
			wanx(
				{
					operation: 'generateAsync',
					mode: 'edit',
					prompt: '={{ $json.prompt }}',
					referenceImages: { images: [{ source: 'url', url: url('cof') }] },
					n: 1,
					options: { downloadImages: false, concurrency: 1 },
				},
				{ onError: 'continueRegularOutput' },
			),
		]),
		chain: linear(IDS.chain, 'e2e: chain to stock nodes', [
			trigger(),
			wanx({
				operation: 'generateAsync',
				mode: 'edit',
				prompt: PROMPTS.chain,
				referenceImages: { images: [{ source: 'url', url: url('lighthouse') }] },
				n: 2,
				options: { downloadImages: true, binaryPropertyPrefix: 'data', splitImages: true },
			}),
			{
				id: nodeId(),
				name: 'Write Image to Disk',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					operation: 'write',
					fileName: `={{ ${JSON.stringify(ctx.outDir + '/')} + $json.taskId + '-' + $json.imageIndex + '.png' }}`,
					dataPropertyName: 'data',
					options: {},
				},
			},
			{
				id: nodeId(),
				name: 'Notify Webhook',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [0, 0],
				parameters: {
					method: 'POST',
					url: `${ctx.webhookUrl}/notify`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						"={{ JSON.stringify({ event: 'image-saved', file: $json.fileName, image: $('Wanx').item.json.image, taskId: $('Wanx').item.json.taskId, index: $('Wanx').item.json.imageIndex }) }}",
					options: {},
				},
			},
		]),
		proText4k: linear(IDS.proText4k, 'e2e: wan2.7-image-pro text-to-image 4K', [
			trigger(),
			wanx2({
				operation: 'generateAsync',
				model: 'wan2.7-image-pro',
				mode: 'edit',
				prompt: PROMPTS.proText4k,
				size: '4K',
				options: { thinkingMode: true, seed: 7, downloadImages: false },
			}),
		]),
		edit6: linear(IDS.edit6, 'e2e: wan2.7-image edit with 6 reference images', [
			trigger(),
			wanx2({
				operation: 'generate',
				model: 'wan2.7-image',
				mode: 'edit',
				prompt: PROMPTS.edit6,
				referenceImages: {
					images: [1, 2, 3, 4, 5, 6].map((i) => ({ source: 'url', url: url(`object-${i}`) })),
				},
				size: '2K',
				options: {
					bboxList:
						'[[[10, 10, 200, 200]], [], [], [], [], [[0, 0, 64, 64], [100, 100, 300, 240]]]',
					downloadImages: false,
				},
			}),
		]),
		thinkingWithImages: linear(
			IDS.thinkingWithImages,
			'e2e: wan2.7-image thinking mode with an image is refused',
			[
				trigger(),
				wanx2({
					operation: 'generateAsync',
					model: 'wan2.7-image',
					mode: 'edit',
					prompt: PROMPTS.thinkingWithImages,
					referenceImages: { images: [{ source: 'url', url: url('thinking') }] },
					options: { thinkingMode: true, downloadImages: false },
				}),
			],
		),
		imageSet: linear(IDS.imageSet, 'e2e: wan2.7-image set of 8', [
			trigger(),
			wanx2({
				operation: 'generateAsync',
				model: 'wan2.7-image',
				mode: 'sequential',
				prompt: PROMPTS.imageSet,
				n: 8,
				size: '1K',
				options: {},
			}),
		]),
		t2i: linear(IDS.t2i, 'e2e: wan2.6-t2i', [
			trigger(),
			wanx2({
				operation: 'generate',
				model: 'wan2.6-t2i',
				prompt: PROMPTS.t2i,
				size: '1280*1280',
				options: { negativePrompt: 'text, watermark', promptExtend: false },
			}),
		]),
		diskEdit: linear(IDS.diskEdit, 'e2e: edit an image file from disk', [
			trigger(),
			{
				id: nodeId(),
				name: 'Read Image from Disk',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					operation: 'read',
					fileSelector: ctx.inputFile,
					options: { dataPropertyName: 'photo' },
				},
			},
			wanx({
				operation: 'generate',
				mode: 'edit',
				prompt: PROMPTS.diskEdit,
				referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'photo' }] },
				n: 1,
				options: { downloadImages: true, binaryPropertyPrefix: 'edited' },
			}),
			{
				id: nodeId(),
				name: 'Write Edited Image',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					operation: 'write',
					fileName: `={{ ${JSON.stringify(ctx.outDir + '/edited-')} + $json.requestId + '.png' }}`,
					dataPropertyName: 'edited',
					options: {},
				},
			},
		]),
	};
}

function credentials(emulatorUrl, apiKey) {
	return [
		{
			id: CRED_ID,
			name: CRED_NAME,
			type: 'dashScopeApi',
			data: { apiKey, region: 'custom', baseUrl: emulatorUrl, workspaceId: '' },
		},
	];
}

module.exports = { buildWorkflows, credentials, PROMPTS, IDS, CRED_ID, CRED_NAME };
