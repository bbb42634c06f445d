/**
 * Video, Generate via Async Task: create the video task, wait for it (adaptive polling learnt per
 * model, cancel-aware, Max Wait fitted to video), return the video URL and the MP4.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DashScopeClient } from '../../transport/client';
import { assertSucceeded, createTask, waitForTask } from '../../transport/tasks';
import { withSlot } from '../../transport/turns';
import { optionsCollection } from '../common.descriptions';
import { runOptions } from '../options/run';
import { readWaitSettings, VIDEO_POLL_FLOOR_MS, videoWaitOptions } from '../options/wait';
import type { Run } from '../node.type';
import { videoFields, videoRequestOptions } from './fields';
import { buildVideoOutput, readVideoOutputSettings, videoOutputOptions } from './output';
import { parseVideoOutput } from './parse';
import { prepareVideoRequest } from './request';

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
		const { created, final } = await withSlot(client, itemIndex, wait.maxWaitMs, async () => {
			const submittedAt = Date.now();
			const created = await createTask(client, plan, itemIndex, wait.maxWaitMs);
			const options = { ...wait, submittedAt, model, mode, floorMs: VIDEO_POLL_FLOOR_MS };
			const answer = await waitForTask(client, created.output!.task_id!, itemIndex, options);
			return { created, final: assertSucceeded(client, answer, itemIndex) };
		});
		const result = parseVideoOutput(final, { model, mode });
		result.taskId ??= created.output!.task_id!;
		if (created.request_id) result.requestId = created.request_id;
		return await buildVideoOutput(client, result, itemIndex, settings);
	};
}
