/**
 * Video, Generate via Async Task: create the video task, wait for it (adaptive polling learnt per
 * model, cancel-aware, Max Wait fitted to video), return the video URL and the MP4.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DashScopeClient } from '../../transport/client';
import { runTaskToEnd } from '../asyncTask';
import { optionsCollection } from '../common.descriptions';
import { runOptions } from '../options/run';
import { readWaitSettings, videoWaitOptions } from '../options/wait';
import type { Run } from '../node.type';
import { videoFields, videoRequestOptions } from './fields';
import { buildVideoOutput, readVideoOutputSettings, videoOutputOptions } from './output';
import { parseVideoOutput } from './parse';
import { prepareVideoRequest } from './request';

/**
 * Video tasks take minutes: while the durations learnt for the model predict nothing, one status
 * check per 5 s at most (0.2 per second per task), a finish seen 2.5 s late on average.
 */
const VIDEO_POLL_FLOOR_MS = 5000;

const properties: INodeProperties[] = [
	...videoFields,
	optionsCollection(videoRequestOptions, videoWaitOptions, videoOutputOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateAsync'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const request = await prepareVideoRequest(this, itemIndex, client);
	const settings = readVideoOutputSettings(this, itemIndex);
	const wait = readWaitSettings(this, itemIndex, videoWaitOptions);
	return async () => {
		// Uploads (binary inputs) come first: free, and outside the running-task slot.
		const { plan, model, mode } = await request();
		const task = await runTaskToEnd(client, plan, itemIndex, {
			...wait,
			model,
			mode,
			floorMs: VIDEO_POLL_FLOOR_MS,
		});
		const result = parseVideoOutput(task.final, { model, mode });
		result.taskId ??= task.taskId;
		if (task.requestId) result.requestId = task.requestId;
		return await buildVideoOutput(client, result, itemIndex, settings);
	};
}
