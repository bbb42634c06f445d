/**
 * The wait options (Generate via Async Task, Get Task) and their reader: each default written once.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { defaultOf } from '../parameters';

/** Options for the operations that wait for a task, shown unless Get Task is told not to wait. */
export const waitOptions: INodeProperties[] = (
	[
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 10 },
			// Tasks usually take 1–4 minutes (docs/dashscope-notes.md §6.2).
			default: 900,
			description:
				'How long to wait for the task before failing the item. Tasks usually take 1–4 minutes; the task keeps running after a timeout.',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0 },
			// 0: the adaptive schedule (api/schedule.ts).
			default: 0,
			description:
				'A fixed interval between status checks. 0 lets the node choose: fast at first, then slower, tuned to the task times it sees.',
		},
	] as INodeProperties[]
).map((option) => ({ ...option, displayOptions: { hide: { '/waitForCompletion': [false] } } }));

/**
 * The same options for video tasks, which take minutes rather than seconds: Max Wait defaults to
 * 30 minutes (video tasks usually take 1–10 minutes [I], docs/dashscope-notes.md).
 */
export const videoWaitOptions: INodeProperties[] = waitOptions.map((option) =>
	option.name === 'maxWait'
		? {
				...option,
				default: 1800,
				description:
					'How long to wait for the task before failing the item. Video tasks usually take several minutes; the task keeps running after a timeout. For longer waits use Submit Task, a Wait node and Get Task.',
			}
		: option,
);

/**
 * Get Task reads image and video tasks alike and cannot tell which until the task ends, so its
 * Max Wait is the video one (the longer; an image task simply ends sooner).
 */
export const taskWaitOptions: INodeProperties[] = videoWaitOptions.map((option) =>
	option.name === 'maxWait'
		? {
				...option,
				description:
					'How long to wait for the task before failing the item. Image tasks usually take 1–4 minutes, video tasks several minutes; the task keeps running after a timeout.',
			}
		: option,
);

/**
 * Video tasks take minutes: while the durations learnt for the model predict nothing, one status
 * check per 5 s at most (0.2 per second per task; DashScope suggests 5–10 s,
 * docs/dashscope-notes.md §6.2), a finish seen 2.5 s late on average. Get Task keeps to it too:
 * the task it waits for may be a video.
 */
export const VIDEO_POLL_FLOOR_MS = 5000;

export interface WaitSettings {
	maxWaitMs: number;
	/** Undefined: the adaptive schedule. */
	fixedIntervalMs?: number;
}

/** Max Wait and Poll Interval of one item, in milliseconds, from the operation's wait options. */
export function readWaitSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: INodeProperties[] = waitOptions,
): WaitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const defaultMaxWait = defaultOf(fields, 'maxWait');
	const maxWait = Number(options.maxWait ?? defaultMaxWait);
	const pollInterval = Number(options.pollInterval ?? defaultOf(fields, 'pollInterval'));
	return {
		maxWaitMs: (Number.isFinite(maxWait) && maxWait > 0 ? maxWait : defaultMaxWait) * 1000,
		fixedIntervalMs:
			Number.isFinite(pollInterval) && pollInterval > 0 ? pollInterval * 1000 : undefined,
	};
}
