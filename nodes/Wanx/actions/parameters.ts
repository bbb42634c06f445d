/**
 * Reading node parameters: one text, JSON or Task ID parameter of an item, the error that names
 * the parameter and item, and the panel's default of a numeric option.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../api/values';

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
