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

export interface WaitSettings {
	maxWaitMs: number;
	/** Undefined: the adaptive schedule. */
	fixedIntervalMs?: number;
}

/** Max Wait and Poll Interval of one item, in milliseconds. */
export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const defaultMaxWait = defaultOf(waitOptions, 'maxWait');
	const maxWait = Number(options.maxWait ?? defaultMaxWait);
	const pollInterval = Number(options.pollInterval ?? defaultOf(waitOptions, 'pollInterval'));
	return {
		maxWaitMs: (Number.isFinite(maxWait) && maxWait > 0 ? maxWait : defaultMaxWait) * 1000,
		fixedIntervalMs:
			Number.isFinite(pollInterval) && pollInterval > 0 ? pollInterval * 1000 : undefined,
	};
}
