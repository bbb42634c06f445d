/**
 * The options that shape a whole run (read once, from the first item) and their readers: each
 * default written once.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ClientSettings } from '../../transport/call';
import { defaultOf } from '../parameters';

/** Options that shape a whole run; read from the first item. */
export const runOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		// DashScope runs 5 tasks per account at a time (docs/dashscope-notes.md §6.1).
		default: 5,
		description:
			'How many items to process at once. DashScope runs at most 5 tasks per account at a time; 1 processes items strictly one after another.',
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		// The SDKs use 300 s too (docs/dashscope-notes.md §7.2).
		default: 300,
		description:
			'How long to wait for the answer to each API call. A status check that times out is repeated; a create call that times out is not, as the task may exist (see Resubmit When Unsure).',
	},
	{
		displayName: 'Resubmit When Unsure',
		name: 'resubmitUncertain',
		type: 'boolean',
		default: false,
		description:
			'Whether to send a create or generate call once more when the connection was lost (or the answer was unreadable) after it was sent. DashScope may already have the first task, so this can create and bill an item twice; off, such items fail and name the risk.',
		displayOptions: { show: { '/resource': ['image'] } },
	},
	{
		displayName: 'Submissions per Second',
		name: 'submitRate',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 1 },
		// When the option is added; left out, the model's account limit applies.
		default: 5,
		description:
			"The most tasks this execution submits (creates or generate calls) in any second. Left out, the model's account limit applies: 5 per second (wan2.6-t2i in Beijing: 1). Lower it when other workflows share the account. 0 turns the limit off. Status checks always stay under 15 per second.",
		displayOptions: { show: { '/resource': ['image'] } },
	},
];

/** Read once, from the first item: it shapes the whole run, not one item. */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const fallback = defaultOf(runOptions, 'concurrency');
	const value = Number(options.concurrency ?? fallback);
	return Number.isInteger(value) && value >= 1 ? Math.min(value, 50) : fallback;
}

/** Rate gate, resubmission and timeout of the run, read once from the first item like the concurrency. */
export function readClientSettings(ctx: IExecuteFunctions): ClientSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const rate = options.submitRate === undefined ? undefined : Number(options.submitRate);
	const timeout = Number(options.requestTimeout ?? defaultOf(runOptions, 'requestTimeout'));
	return {
		submitsPerSecond:
			rate === undefined
				? undefined
				: Number.isFinite(rate) && rate >= 0
					? rate
					: defaultOf(runOptions, 'submitRate'),
		resubmitUncertain: options.resubmitUncertain === true,
		requestTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
	};
}
