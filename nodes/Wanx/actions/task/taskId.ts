import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	const taskId = String(ctx.getNodeParameter('taskId', itemIndex, '')).trim();
	if (!/^[A-Za-z0-9_-]{1,128}$/.test(taskId)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Task ID ${taskId === '' ? 'is empty' : `"${taskId.slice(0, 100)}" is not a task ID`} [item ${itemIndex}]`,
			{ itemIndex, description: `Parameter "Task ID" of item ${itemIndex}. Nothing was sent to DashScope.` },
		);
	}
	return taskId;
}
