/**
 * A finished video task → the node's output item: JSON always (the video URL, its length and
 * resolution, the billed seconds, the prompts as the API used them, task ids and times: what an
 * AI Agent can use), plus the MP4 as binary (streamed into n8n's binary store) when asked.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { DashScopeClient } from '../../transport/client';
import { apiError } from '../../transport/callErrors';
import { downloadVideo } from '../../transport/downloadVideo';

export const videoOutputOptions: INodeProperties[] = [
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the MP4 into a binary field, ready for Write Files, Drive, S3 or chat nodes. Result URLs expire after 24 hours; the URL stays in the JSON either way.',
	},
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The binary field the MP4 goes to',
	},
];

export interface VideoOutputSettings {
	download: boolean;
	binaryPropertyName: string;
}

/**
 * The output options of an item. Get Task reads a video task with its own (image) option names:
 * Download Images and Put Output in Field.
 */
export function readVideoOutputSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names = { download: 'downloadVideo', field: 'binaryPropertyName' },
): VideoOutputSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		download: options[names.download] !== false,
		binaryPropertyName: String(options[names.field] ?? 'data').trim() || 'data',
	};
}

/** The fields of a video result the output carries (the task parser's result). */
export interface VideoOutput extends IDataObject {
	videoUrl?: string;
	taskId?: string;
	requestId?: string;
}

/** `wanx-<task id>.mp4`: says where the file came from. */
const videoFileName = (taskId: string | undefined) =>
	`wanx-${(taskId ?? 'video').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'video'}.mp4`;

export async function buildVideoOutput(
	client: DashScopeClient,
	result: VideoOutput,
	itemIndex: number,
	settings: VideoOutputSettings,
): Promise<INodeExecutionData[]> {
	const videoUrl = result.videoUrl;
	if (!videoUrl) {
		// A SUCCEEDED task without its video: billed or not, there is nothing to hand on.
		throw apiError(client.node, {
			body: { request_id: result.requestId },
			code: 'NoResult',
			message: 'DashScope reported success, but the task has no video_url',
			taskId: result.taskId,
			itemIndex,
		});
	}
	const item: INodeExecutionData = { json: result, pairedItem: { item: itemIndex } };
	if (settings.download) {
		const file = await downloadVideo(client, {
			itemIndex,
			fileName: videoFileName(result.taskId),
			result: { taskId: result.taskId, requestId: result.requestId, videoUrl },
		});
		item.binary = { [settings.binaryPropertyName]: file };
	}
	return [item];
}
