/**
 * A result → the node's output items, for every resource: JSON always (URLs, text, usage, ids, so
 * AI Agents get something usable), plus the files as binary data when asked.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { missingResult, type GenerationResult } from '../api/parse';
import { apiError } from '../transport/callErrors';
import type { DashScopeClient } from '../transport/client';
import { downloadImage } from '../transport/download';

export const outputOptions: INodeProperties[] = [
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the images into binary fields, ready for S3, Drive, e-mail or chat nodes. Result URLs expire after 24 hours; the URLs stay in the JSON either way.',
	},
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyPrefix',
		type: 'string',
		default: 'data',
		description:
			'The binary field of the first downloaded image; further images go to the same name with _1, _2, … appended',
	},
	{
		displayName: 'One Item per Image',
		name: 'splitImages',
		type: 'boolean',
		default: false,
		description:
			'Whether to output one item per image (each with the image in the field above and its URL in "image") instead of one item per input item',
	},
];

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/bmp': 'bmp',
};

/** `wanx-<task or request id>-<n>.png`: says where the file came from. */
export function resultFileName(id: string | undefined, index: number, mimeType: string): string {
	const safeId = (id ?? 'result').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'result';
	return `wanx-${safeId}-${index + 1}.${EXTENSIONS[mimeType] ?? 'png'}`;
}

export interface OutputSettings {
	downloadImages: boolean;
	binaryPropertyPrefix: string;
	splitImages: boolean;
}

export function readOutputSettings(ctx: IExecuteFunctions, itemIndex: number): OutputSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		downloadImages: options.downloadImages !== false,
		binaryPropertyPrefix: String(options.binaryPropertyPrefix ?? 'data').trim() || 'data',
		splitImages: options.splitImages === true,
	};
}

/** Fails the item when a success answer carries no result, with the request (and task) id. */
export function assertResult(
	client: DashScopeClient,
	body: unknown,
	result: GenerationResult,
	itemIndex: number,
	requestId?: string,
): GenerationResult {
	const missing = missingResult(body, result);
	if (missing) {
		throw apiError(client.node, {
			body: { request_id: result.requestId ?? requestId },
			code: 'NoResult',
			message: `DashScope reported success, but ${missing}`,
			taskId: result.taskId,
			itemIndex,
		});
	}
	return result;
}

export async function buildOutput(
	client: DashScopeClient,
	result: GenerationResult,
	itemIndex: number,
	settings: OutputSettings,
): Promise<INodeExecutionData[]> {
	const json = result as unknown as IDataObject;
	const pairedItem = { item: itemIndex };
	const id = result.taskId ?? result.requestId;

	const files: IBinaryData[] = [];
	if (settings.downloadImages) {
		for (const [index, url] of result.images.entries()) {
			const fileName = (mime: string) => resultFileName(id, index, mime);
			files.push(await downloadImage(client, url, { itemIndex, index, fileName, result }));
		}
	}

	if (settings.splitImages && result.images.length > 0) {
		return result.images.map((image, index) => ({
			json: { ...json, image, imageIndex: index },
			...(files[index] ? { binary: { [settings.binaryPropertyPrefix]: files[index] } } : {}),
			pairedItem,
		}));
	}
	const item: INodeExecutionData = { json, pairedItem };
	if (files.length > 0) {
		item.binary = Object.fromEntries(
			files.map((file, index) => [
				index === 0 ? settings.binaryPropertyPrefix : `${settings.binaryPropertyPrefix}_${index}`,
				file,
			]),
		);
	}
	return [item];
}
