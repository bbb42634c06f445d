/**
 * An async task as the image and video operations run it: created while holding one of the
 * account's running-task slots, then reported at once (Submit Task) or waited for to its end
 * (Generate via Async Task).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TaskResponse } from '../api/dashScopeBodies';
import type { RequestPlan } from '../api/plan';
import type { DashScopeClient } from '../transport/client';
import { assertSucceeded, createTask, waitForTask, type WaitOptions } from '../transport/tasks';
import { withSlot } from '../transport/turns';

/** A task that ended SUCCEEDED: its final answer, its id and the create call's request id. */
export interface FinishedTask {
	final: TaskResponse;
	taskId: string;
	requestId?: string;
}

/**
 * Submit Task: the item names the created task, for Get Task to read later. A slot is held while
 * the create call is sent, so a burst of submissions is not refused with 429s, and given back at
 * once, as this run does not see the task end.
 */
export async function submitTask(
	client: DashScopeClient,
	plan: RequestPlan,
	itemIndex: number,
	asked: { model: string; mode: string },
): Promise<INodeExecutionData[]> {
	const created = await withSlot(client, itemIndex, client.requestTimeoutMs, () =>
		createTask(client, plan, itemIndex),
	);
	const json: IDataObject = {
		model: asked.model,
		mode: asked.mode,
		taskId: created.output?.task_id,
		taskStatus: created.output?.task_status,
		requestId: created.request_id,
	};
	return [{ json, pairedItem: { item: itemIndex } }];
}

/**
 * Generate via Async Task: create the task and wait for it to succeed. A slot of the account's
 * running tasks is held from create to the task's end (or until the item gives up), so items of
 * every execution on the account start as slots free up.
 */
export async function runTaskToEnd(
	client: DashScopeClient,
	plan: RequestPlan,
	itemIndex: number,
	wait: Omit<WaitOptions, 'submittedAt'>,
): Promise<FinishedTask> {
	return await withSlot(client, itemIndex, wait.maxWaitMs, async () => {
		const submittedAt = Date.now();
		// 429s from load this process cannot see (other workers, other tools) are waited out up to Max Wait.
		const created = await createTask(client, plan, itemIndex, wait.maxWaitMs);
		const taskId = created.output!.task_id!;
		const answer = await waitForTask(client, taskId, itemIndex, { ...wait, submittedAt });
		const final = assertSucceeded(client, answer, itemIndex);
		return { final, taskId, requestId: created.request_id };
	});
}
