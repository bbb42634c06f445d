/**
 * Slots of tasks that still run at DashScope after their run stopped. DashScope cancels only
 * PENDING tasks (docs/dashscope-notes.md §6); a RUNNING one goes on and still counts against the
 * account's running-task limit, so giving its slot back at Stop would send the next execution's
 * creates into 429s. Such a slot is kept until a status check shows the task finished, checks
 * timed by the poll schedule (the learnt durations of api/durations.ts put the first near the
 * expected end), and at most until the item's Max Wait would have ended.
 */
import { sleep } from 'n8n-workflow';

import { observedDurations, recordDuration } from '../api/durations';
import { isFinalStatus, taskTimeToMs } from '../api/parse';
import { nextPollDelay } from '../api/schedule';
import type { TaskResponse } from '../api/dashScopeBodies';
import type { AccountGates } from './account';
import { statusCall, type ApiCall } from './call';
import { DashScopeError } from './callErrors';
import { settle } from './promises';
import type { SlotLease } from './slots';

/** What the item's wait knew when the run stopped: what the schedule needs to go on. */
export interface StoppedWait {
	model?: string;
	mode?: string;
	/** The task's submission instant (its submit_time when read, else when the create was sent). */
	origin: number;
	/** When the item's Max Wait ends: the slot is not kept past it. */
	deadline: number;
	polls: number;
	floorMs?: number;
}

/** Without a wait (Submit Task's create finished after Stop): kept at most this long. */
export const UNWAITED_HOLD_MS = 900_000;

/** Status checks that fail in a row (connection lost, 5xx) before the slot is given back anyway. */
const FAILED_CHECKS = 3;

/** What a stopped run keeps per task: its slot, and its wait when it was waiting. */
export class KeptSlots {
	private readonly slots = new Map<string, SlotLease>();

	private readonly waits = new Map<string, StoppedWait>();

	keep(taskId: string, slot: SlotLease): void {
		this.slots.get(taskId)?.release();
		this.slots.set(taskId, slot);
	}

	noteWait(taskId: string, wait: StoppedWait): void {
		this.waits.set(taskId, wait);
	}

	/** The task's slot and wait, no longer kept here (the caller releases the slot). */
	take(taskId: string): { slot: SlotLease; wait?: StoppedWait } | undefined {
		const slot = this.slots.get(taskId);
		const wait = this.waits.get(taskId);
		this.slots.delete(taskId);
		this.waits.delete(taskId);
		return slot ? { slot, wait } : undefined;
	}

	/** The task ended or was cancelled: its slot goes back at once. */
	release(taskId: string): void {
		this.take(taskId)?.slot.release();
	}
}

/** What holding a slot needs of the stopped run (the client is one). */
export interface StoppedRun {
	readonly keptSlots: KeptSlots;
	account(itemIndex: number): Promise<AccountGates>;
	request<T>(call: ApiCall): Promise<{ body: T }>;
}

/**
 * Keeps the task's slot until a status check shows it finished (or failing checks, or its item's
 * Max Wait, end the hold), then gives it back. Runs on after the execution ended: nothing awaits
 * it, and nothing it meets is thrown.
 */
export async function holdUntilEnded(
	run: StoppedRun,
	taskId: string,
	itemIndex: number,
): Promise<void> {
	const kept = run.keptSlots.take(taskId);
	if (!kept) return;
	const { slot } = kept;
	try {
		const gates = await run.account(itemIndex);
		const start = Date.now();
		const wait = kept.wait ?? { origin: start, deadline: start + UNWAITED_HOLD_MS, polls: 0 };
		const observedMs = observedDurations(gates.fingerprint, wait.model, wait.mode);
		let origin = wait.origin;
		for (let polls = wait.polls, failed = 0; failed < FAILED_CHECKS; polls++) {
			const delay = nextPollDelay({
				elapsedMs: Date.now() - origin,
				polls,
				observedMs,
				floorMs: wait.floorMs,
			});
			if (Date.now() + delay >= wait.deadline) return;
			await sleep(delay);
			// A turn at the account's poll gate, as every status check takes.
			const booked = Date.now() + gates.poll.reserve(Date.now());
			if (booked > Date.now()) await sleep(booked - Date.now());
			const call: ApiCall = { ...statusCall(taskId, itemIndex), cleanup: true };
			const outcome = await settle(run.request<TaskResponse>(call));
			gates.poll.answered(booked, Date.now());
			if (!outcome.ok) {
				// A definite answer (401, 404…) will not change: stop holding.
				if (!(outcome.error instanceof DashScopeError && outcome.error.transient)) return;
				failed++;
				continue;
			}
			failed = 0;
			const output = outcome.value.body?.output;
			origin = taskTimeToMs(output?.submit_time) ?? origin;
			if (isFinalStatus(output?.task_status)) {
				const ended = taskTimeToMs(output?.end_time);
				if (output?.task_status === 'SUCCEEDED' && ended !== undefined && ended > origin)
					recordDuration(ended - origin, gates.fingerprint, wait.model, wait.mode);
				return;
			}
		}
	} catch {
		// The hold is a courtesy to the next execution: whatever fails ends it.
	} finally {
		slot.release();
	}
}
