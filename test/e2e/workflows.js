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
	cof: ['e2e cof item 1: a blue whale', 'e2e cof item 2: rejected by DashScope', 'e2e cof item 3: a green parrot'],
	chain: 'e2e chain: two postcards of a lighthouse at dawn',
	diskEdit: 'e2e disk edit: turn the photo read from disk into a watercolour',
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
};

let uuidCounter = 0;
const nodeId = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;

function trigger() {
	return { id: nodeId(), name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
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

/** Connects the nodes in a line, in the order given. */
function linear(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {} };
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
				options: { negativePrompt: 'blurry, low quality', seed: 42, watermark: false, promptExtend: false },
			}),
		]),
		syncEdit: linear(IDS.syncEdit, 'e2e: sync edit', [
			trigger(),
			wanx({
				operation: 'generate',
				mode: 'edit',
				prompt: PROMPTS.syncEdit,
				referenceImages: { images: [{ source: 'url', url: url('left') }, { source: 'url', url: url('right') }] },
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
			wanx({ operation: 'generateAsync', mode: 'interleave', prompt: PROMPTS.failingTask, maxImages: 1, options: { downloadImages: false } }),
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
						assignments: [{ id: nodeId(), name: 'prompt', type: 'array', value: JSON.stringify(PROMPTS.cof) }],
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
		diskEdit: linear(IDS.diskEdit, 'e2e: edit an image file from disk', [
			trigger(),
			{
				id: nodeId(),
				name: 'Read Image from Disk',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [0, 0],
				parameters: { operation: 'read', fileSelector: ctx.inputFile, options: { dataPropertyName: 'photo' } },
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
	return [{ id: CRED_ID, name: CRED_NAME, type: 'dashScopeApi', data: { apiKey, region: 'custom', baseUrl: emulatorUrl, workspaceId: '' } }];
}

module.exports = { buildWorkflows, credentials, PROMPTS, IDS, CRED_ID, CRED_NAME };
