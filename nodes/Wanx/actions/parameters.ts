/**
 * Reading node parameters: one text, list, JSON or Task ID parameter of an item, the options image
 * and video requests share, the error that names the parameter and item, and the panel's default
 * of a numeric option.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, describeValue, wholeNumberOrRaw } from '../api/values';

/** The error for a parameter of one item: named, with the item, and saying nothing was sent. */
export function inputError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	message: string,
	panelName = parameter,
) {
	return new NodeOperationError(ctx.getNode(), `${parameter} ${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Parameter "${panelName}" of item ${itemIndex}. Nothing was sent to DashScope.`,
	});
}

/** A text parameter, or an error naming it when the expression gave nothing, null or an object. */
export function readText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	parameter: string,
	fallback: string,
): string {
	const text = asText(ctx.getNodeParameter(name, itemIndex, fallback));
	if (!text.ok) throw inputError(ctx, itemIndex, parameter, text.message);
	return text.value;
}

/** The entries of a list field (a fixed collection), or an error naming it when an expression gave another value. */
export function readList<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	parameter: string,
	entriesAre: string,
): T[] {
	const entries = ctx.getNodeParameter(name, itemIndex, []) ?? [];
	if (!Array.isArray(entries)) {
		const message = `must be a list of ${entriesAre}; got ${describeValue(entries)}`;
		throw inputError(ctx, itemIndex, parameter, message);
	}
	return entries as T[];
}

/** The options image and video requests share, as typed (the validators check them); unset ones are left out. */
export function readSharedOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): { negativePrompt?: string; promptExtend?: boolean; watermark?: boolean; seed?: number } {
	const shared: ReturnType<typeof readSharedOptions> = {};
	if (options.negativePrompt !== undefined && options.negativePrompt !== '') {
		const negative = asText(options.negativePrompt);
		if (!negative.ok) throw inputError(ctx, itemIndex, 'Negative Prompt', negative.message);
		if (negative.value !== '') shared.negativePrompt = negative.value;
	}
	if (typeof options.promptExtend === 'boolean') shared.promptExtend = options.promptExtend;
	if (typeof options.watermark === 'boolean') shared.watermark = options.watermark;
	// A whole number given as text counts; another value reaches the range check unchanged.
	if (options.seed !== undefined && options.seed !== '')
		shared.seed = wholeNumberOrRaw(options.seed) as number;
	return shared;
}

/** A JSON option: parsed when it arrives as text, as is when an expression made it an object. */
export function readJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	value: unknown,
): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw inputError(ctx, itemIndex, parameter, `is not valid JSON: ${value.slice(0, 100)}`);
	}
}

/** The Task ID of an item (letters, digits, - and _), or an error naming it: nothing else is sent. */
export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const taskId = readText(ctx, itemIndex, 'taskId', 'Task ID', '').trim();
	if (!/^[A-Za-z0-9_-]{1,128}$/.test(taskId)) {
		const problem = taskId === '' ? 'is empty' : `"${taskId.slice(0, 100)}" is not a task ID`;
		throw inputError(ctx, itemIndex, 'Task ID', problem);
	}
	return taskId;
}

/**
 * The panel's default of a numeric option, so that a reader falls back to the very value the
 * panel shows (n8n's lint wants literal defaults in the description, so the description holds them).
 */
export function defaultOf(options: INodeProperties[], name: string): number {
	const value = options.find((option) => option.name === name)?.default;
	if (typeof value !== 'number') throw new Error(`option ${name} has no numeric default`);
	return value;
}
