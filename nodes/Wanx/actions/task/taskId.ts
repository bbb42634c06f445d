import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../../api/coerce';

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
	const text = asText(ctx.getNodeParameter('taskId', itemIndex, ''));
	const taskId = text.ok ? text.value.trim() : '';
	if (!/^[A-Za-z0-9_-]{1,128}$/.test(taskId)) {
		const problem = !text.ok
			? text.message
			: taskId === ''
				? 'is empty'
				: `"${taskId.slice(0, 100)}" is not a task ID`;
		throw new NodeOperationError(ctx.getNode(), `Task ID ${problem} [item ${itemIndex}]`, {
			itemIndex,
			description: `Parameter "Task ID" of item ${itemIndex}. Nothing was sent to DashScope.`,
		});
	}
	return taskId;
}
