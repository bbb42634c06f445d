/**
 * Running-task slots of one account (docs/dashscope-notes.md §6.1: 5 PENDING + RUNNING tasks per
 * account). A slot is taken before a task is created and given back when the task ends or its
 * item gives up, so an item waiting for a slot starts the moment one frees, without 429s and
 * back-off guesses. Pure: no timers; waiters are promises resolved by `release`.
 *
 * Fairness: a free slot goes to the waiter whose owner (one node run) holds the fewest slots,
 * then to the earliest arrival. So a run that arrives late while a 100-item run holds every slot
 * gets the next slot that frees (within one task duration), and runs with equal holdings are
 * served in arrival order.
 */

export interface SlotLease {
	/** Gives the slot back; calling it again does nothing. */
	release(): void;
	readonly released: boolean;
}

interface Waiter {
	owner: object;
	seq: number;
	grant: (lease: SlotLease | undefined) => void;
}

export class SlotGate {
	private inUse = 0;

	private readonly heldBy = new Map<object, number>();

	private waiters: Waiter[] = [];

	private seq = 0;

	/** @param limit slots of the account; 0 means no limit (nothing waits, nothing is counted against it). */
	constructor(private limit: number) {}

	get used(): number {
		return this.inUse;
	}

	get waiting(): number {
		return this.waiters.length;
	}

	get capacity(): number {
		return this.limit;
	}

	/** A changed credential setting applies at once; a higher limit lets waiters in. */
	setLimit(limit: number): void {
		if (limit === this.limit) return;
		this.limit = limit;
		this.grantFree();
	}

	/**
	 * Resolves with a lease once a slot is free, or with `undefined` when `signal` aborts first
	 * (the waiter leaves the queue; nothing is held).
	 */
	acquire(owner: object, signal?: AbortSignal): Promise<SlotLease | undefined> {
		if (signal?.aborted) return Promise.resolve(undefined);
		if (this.waiters.length === 0 && this.hasRoom()) return Promise.resolve(this.take(owner));
		return new Promise((resolve) => {
			const waiter: Waiter = {
				owner,
				seq: this.seq++,
				grant: (lease) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(lease);
				},
			};
			const onAbort = () => {
				this.waiters = this.waiters.filter((other) => other !== waiter);
				waiter.grant(undefined);
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiters.push(waiter);
		});
	}

	private hasRoom(): boolean {
		return this.limit <= 0 || this.inUse < this.limit;
	}

	private take(owner: object): SlotLease {
		this.inUse++;
		this.heldBy.set(owner, (this.heldBy.get(owner) ?? 0) + 1);
		let released = false;
		return {
			release: () => {
				if (released) return;
				released = true;
				this.inUse--;
				const held = (this.heldBy.get(owner) ?? 1) - 1;
				if (held > 0) this.heldBy.set(owner, held);
				else this.heldBy.delete(owner);
				this.grantFree();
			},
			get released() {
				return released;
			},
		};
	}

	/** Hands free slots to waiters: fewest slots held by the owner first, then arrival order. */
	private grantFree(): void {
		while (this.waiters.length > 0 && this.hasRoom()) {
			let best = 0;
			for (let i = 1; i < this.waiters.length; i++) {
				const [a, b] = [this.waiters[i], this.waiters[best]];
				const heldA = this.heldBy.get(a.owner) ?? 0;
				const heldB = this.heldBy.get(b.owner) ?? 0;
				if (heldA < heldB || (heldA === heldB && a.seq < b.seq)) best = i;
			}
			const [waiter] = this.waiters.splice(best, 1);
			waiter.grant(this.take(waiter.owner));
		}
	}
}
