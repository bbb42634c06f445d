/**
 * Get Task: read a task by ID, optionally waiting until it finishes; a finished task gives the
 * same output as Generate via Async Task of its resource (images, or a video and its MP4). Which
 * kind a task is shows only once it has finished, so the wait fits the longer kind (video).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isFinalStatus, parseGeneration, taskError, taskFields } from '../../api/parse';
import type { TaskResponse } from '../../api/dashScopeBodies';
import type { DashScopeClient } from '../../transport/client';
import { assertSucceeded, fetchTask, waitForTask } from '../../transport/tasks';
import { optionsCollection, taskIdField } from '../common.descriptions';
import { readTaskId } from '../parameters';
import { runOptions } from '../options/run';
import { readWaitSettings, taskWaitOptions, VIDEO_POLL_FLOOR_MS } from '../options/wait';
import { assertResult, buildOutput, outputOptions, readOutputSettings } from '../output';
import type { Run } from '../node.type';
import { buildVideoOutput, readVideoOutputSettings } from '../video/output';
import { isVideoTask, parseVideoOutput } from '../video/parse';

/**
 * The image output options under their saved names, described for both kinds of task: a video
 * task's MP4 follows Download Images and Put Output in Field.
 */
const VIDEO_TASK_NOTES: Record<string, string> = {
	downloadImages:
		'Whether to download the images, or the MP4 of a video task, into binary fields, ready for S3, Drive, e-mail or chat nodes. Result URLs expire after 24 hours; the URLs stay in the JSON either way.',
	binaryPropertyPrefix:
		'The binary field of the first downloaded image (further images get _1, _2, … appended), or of the MP4 of a video task',
	splitImages:
		'Whether to output one item per image (each with the image in the field above and its URL in "image") instead of one item per input item. A video task gives one item.',
};
const taskOutputOptions = outputOptions.map((option) => ({
	...option,
	description: VIDEO_TASK_NOTES[option.name] ?? option.description,
}));

const properties: INodeProperties[] = [
	taskIdField,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until the task finishes and return its images or video; otherwise return its current status at once',
	},
	optionsCollection(taskWaitOptions, taskOutputOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getTask'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const taskId = readTaskId(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const waitSettings = readWaitSettings(this, itemIndex, taskWaitOptions);
	const outputSettings = readOutputSettings(this, itemIndex);
	const videoSettings = readVideoOutputSettings(this, itemIndex, {
		download: 'downloadImages',
		field: 'binaryPropertyPrefix',
	});
	return async (): Promise<INodeExecutionData[]> => {
		const response = wait
			? await waitForTask(client, taskId, itemIndex, {
					...waitSettings,
					floorMs: VIDEO_POLL_FLOOR_MS,
				})
			: await fetchTask(client, taskId, itemIndex);
		const status = response.output?.task_status;
		if (wait || status === 'SUCCEEDED') {
			const final = assertSucceeded(client, response, itemIndex);
			// A video task answers with video_url: the same output as Generate of Resource Video.
			if (isVideoTask(final)) {
				const video = parseVideoOutput(final);
				video.taskId ??= taskId;
				return await buildVideoOutput(client, video, itemIndex, videoSettings);
			}
			// The task does not say which model made it; the mode shows in its content.
			const result = parseGeneration(final, undefined);
			result.taskId ??= taskId;
			return await buildOutput(
				client,
				assertResult(client, final, result, itemIndex),
				itemIndex,
				outputSettings,
			);
		}
		return [{ json: snapshot(taskId, response), pairedItem: { item: itemIndex } }];
	};
}

/** A task that is not (successfully) finished, as it stands. */
function snapshot(taskId: string, response: TaskResponse): IDataObject {
	const output = response.output ?? {};
	const json: IDataObject = {
		...taskFields(output),
		taskId: output.task_id ?? taskId,
		finished: isFinalStatus(output.task_status),
		requestId: response.request_id,
	};
	const { code, message } = taskError(response);
	if (code) json.code = code;
	if (message) json.message = message;
	return json;
}
