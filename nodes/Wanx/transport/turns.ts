/**
 * Waiting for a turn under the account's limits (account.ts): a rate-gate turn for each submission
 * and poll, a running-task slot for each task.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { modelRunningTasks, submissionsPerSecond } from '../api/models';
import type { AccountGates } from './account';
import { isSubmission, type ApiCall, type ClientSettings } from './call';
import type { RateGate } from './limits';
import type { SlotGate, SlotLease } from './slots';

/** What waiting for a turn needs of a node run (the client, one per run, is one). */
export interface GatedRun {
	readonly node: INode;
	readonly settings: ClientSettings;
	/** The run stopped: its waits end and nothing new is sent. */
	readonly stopped: boolean;
	account(itemIndex: number): Promise<AccountGates>;
	region(): Promise<string | undefined>;
	pause(ms: number, until?: () => boolean): Promise<void>;
	abortOnStop(controller: AbortController): void;
	waitEnded(controller: AbortController): void;
	stoppedError(itemIndex: number): Error;
	/** After Stop: keeps the slot of the item's task still in flight (true), else false. */
	keepSlotAfterStop(itemIndex: number, slot: SlotLease): boolean;
}

/**
 * Waits for a running-task slot of `slots`, in arrival order (see slots.ts), at most `maxWaitMs`.
 * Undefined when the run stopped meanwhile.
 */
async function acquireSlot(
	client: GatedRun,
	itemIndex: number,
	maxWaitMs: number,
	slots: SlotGate,
	whose: string,
): Promise<SlotLease | undefined> {
	const giveUp = new AbortController();
	client.abortOnStop(giveUp); // `stop` aborts it
	let granted = false;
	const lease = slots.acquire(client, giveUp.signal).then((value) => ((granted = true), value));
	// After maxWaitMs the waiter leaves the queue; once granted, the pause ends within a slice.
	void client.pause(maxWaitMs, () => granted).then(() => giveUp.abort());
	const result = await lease;
	client.waitEnded(giveUp);
	if (result || client.stopped) return result;
	throw new NodeOperationError(
		client.node,
		`No running-task slot of ${whose} became free within ${Math.round(maxWaitMs / 1000)} seconds`,
		{
			itemIndex,
			description: `All ${slots.capacity} running tasks ${whose === 'the account' ? 'the credential allows' : `${whose} allows per account`} are taken by other items and executions of this n8n. Raise Max Wait, or the credential's Running Tasks Limit if the account allows more.`,
		},
	);
}

/**
 * Runs `work` while holding one of the account's running-task slots (waiting up to `maxWaitMs`
 * for one), and gives the slot back however `work` ends, unless the run stopped with the item's
 * task still in flight: then the run keeps it until the task ends (slotsAfterStop.ts). A model
 * with a running-task limit of its own (kf2v, api/models.ts modelRunningTasks) also holds one of
 * its slots, taken first so that an item waiting for the model does not keep an account slot from
 * other models.
 */
export async function withSlot<T>(
	client: GatedRun,
	itemIndex: number,
	maxWaitMs: number,
	work: () => Promise<T>,
	model?: string,
): Promise<T> {
	const account = await client.account(itemIndex);
	const ownLimit = model === undefined ? undefined : modelRunningTasks(model);
	const leases: SlotLease[] = [];
	const deadline = Date.now() + maxWaitMs;
	try {
		const gates: Array<[SlotGate, string]> = [[account.slots, 'the account']];
		if (ownLimit !== undefined) gates.unshift([account.slotsOf(model!, ownLimit), model!]);
		for (const [slots, whose] of gates) {
			const wait = Math.max(0, deadline - Date.now());
			const lease = await acquireSlot(client, itemIndex, wait, slots, whose);
			if (!lease) throw client.stoppedError(itemIndex);
			leases.push(lease);
		}
		return await work();
	} finally {
		const held: SlotLease = {
			release: () => leases.forEach((lease) => lease.release()),
			get released() {
				return leases.every((lease) => lease.released);
			},
		};
		if (leases.length === 0 || !client.keepSlotAfterStop(itemIndex, held)) held.release();
	}
}

/**
 * The account's gate a call waits at, by its declared kind: submissions (per model) and polls;
 * none for the others.
 */
export async function gateOf(client: GatedRun, call: ApiCall): Promise<RateGate | undefined> {
	const gated = call.kind === 'poll' || isSubmission(call.kind);
	if (!gated || call.cleanup) return undefined;
	const account = await client.account(call.itemIndex);
	if (call.kind === 'poll') return account.poll;
	const model = call.model ?? '';
	return account.submit(model, await submitsPerSecond(client, model));
}

/**
 * Books a turn at the gate and waits for it; past the wait the booking is checked again, since
 * calls booked earlier may have been answered later than booked (RateGate.answered) and so
 * moved the window. Returns the booked time, for `answered`.
 */
export async function takeTurn(client: GatedRun, gate: RateGate): Promise<number> {
	const booked = Date.now() + gate.reserve(Date.now());
	for (;;) {
		const now = Date.now();
		const wait = booked > now ? booked - now : client.stopped ? 0 : gate.recheck(booked, now);
		if (wait === 0) return booked > now || client.stopped ? booked : now; // recheck moved it to now
		await client.pause(wait);
		if (client.stopped) return booked;
	}
}

/** The run's submission rate (Submissions per Second), for the account's per-model gate. */
async function submitsPerSecond(client: GatedRun, model: string): Promise<number> {
	// Left unset, the gate follows the model's limit in the credential's region (wan2.6-t2i, Beijing: 1/s).
	return client.settings.submitsPerSecond ?? submissionsPerSecond(model, await client.region());
}
