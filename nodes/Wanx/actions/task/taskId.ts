import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError, readText } from '../parameters';

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '0385dc79-5ff8-4d82-bcb6-xxxxxx',
	description: 'The task_id returned by Submit Task (tasks are kept for 24 hours)',
};

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const taskId = readText(ctx, itemIndex, 'taskId', 'Task ID', '').trim();
	if (!/^[A-Za-z0-9_-]{1,128}$/.test(taskId)) {
		const problem = taskId === '' ? 'is empty' : `"${taskId.slice(0, 100)}" is not a task ID`;
		throw inputError(ctx, itemIndex, 'Task ID', problem);
	}
	return taskId;
}
