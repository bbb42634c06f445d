/**
 * The account's gates, shared by every execution and every Wanx node of this n8n process that
 * uses the same account: running-task slots, submissions per second (per model, as DashScope
 * counts them) and task queries per second (docs/dashscope-notes.md §6.1). Load from other
 * processes (queue-mode workers, other tools on the same key) cannot be seen here; DashScope's 429
 * stays the fallback for it.
 *
 * Accounts are keyed by a one-way fingerprint of API key and the account's host, never the key itself, and
 * forgotten once idle, so the registry stays small whatever the number of credentials.
 */
import { createHash } from 'node:crypto';

import { accountHost, type DashScopeCredentialData } from '../../../credentials/dashScopeRegions';

import { RateGate } from './limits';
import { SlotGate } from './slots';

/** DashScope's running-task limit per account (PENDING + RUNNING), the credential's default. */
const DEFAULT_RUNNING_TASKS = 5;

/**
 * Task queries per second sent by this process for one account. The account may do 20; the rest
 * is left to other processes and tools that share the key, which this gate cannot see.
 */
export const POLLS_PER_SECOND = 15;

/** An account unused this long, with nothing held or waiting, is forgotten. */
export const IDLE_MS = 60_000;

/** Accounts kept at most; idle ones are forgotten first when there are more. */
const MAX_ACCOUNTS = 200;

/** Hex digits of SHA-256 kept: enough to tell accounts apart, far too few to test keys against. */
const FINGERPRINT_LENGTH = 16;

/**
 * A one-way name for an account: nothing of the key can be read back from it. The host counts
 * by whom it bills (`accountHost`), not by its spelling.
 */
export function accountFingerprint(apiKey: string, baseUrl: string): string {
	return createHash('sha256')
		.update(`${apiKey.trim()}\n${accountHost(baseUrl)}`)
		.digest('hex')
		.slice(0, FINGERPRINT_LENGTH);
}

export class AccountGates {
	readonly slots: SlotGate;

	readonly poll = new RateGate(POLLS_PER_SECOND);

	private readonly submits = new Map<string, RateGate>();

	/** Running Tasks Limits of the credentials that used this account: limit → when last seen. */
	private readonly limits = new Map<number, number>();

	lastUsed = 0;

	constructor(
		readonly fingerprint: string,
		runningTasks: number,
	) {
		this.slots = new SlotGate(runningTasks);
	}

	/**
	 * Two credentials for one account may say different limits: while the account is busy, the
	 * smallest of those used since it was last quiet (and within IDLE_MS) holds, so a limit-1
	 * credential is never run beside five tasks of another. Once nothing is held or waiting, the
	 * credential in use sets it again (a raised setting applies from the next quiet moment).
	 */
	noteLimit(limit: number, now: number): void {
		if (this.slots.used === 0 && this.slots.waiting === 0) this.limits.clear();
		this.limits.set(limit, now);
		for (const [seen, at] of this.limits) if (now - at > IDLE_MS) this.limits.delete(seen);
		this.slots.setLimit(Math.min(...this.limits.keys()));
	}

	/**
	 * The submission gate of one model at one rate (DashScope counts submissions per model; a
	 * model with a lower limit, such as wan2.6-t2i at 1/s in Beijing, gets its own rate).
	 */
	submit(key: string, perSecond: number): RateGate {
		const name = `${key}@${perSecond}`;
		let gate = this.submits.get(name);
		if (!gate) {
			gate = new RateGate(perSecond);
			this.submits.set(name, gate);
		}
		return gate;
	}

	private readonly modelSlots = new Map<string, SlotGate>();

	/** The running-task slots of a model with a limit of its own (kf2v), within the account's. */
	slotsOf(model: string, limit: number): SlotGate {
		let gate = this.modelSlots.get(model);
		if (!gate) {
			gate = new SlotGate(limit);
			this.modelSlots.set(model, gate);
		}
		return gate;
	}

	/** Nothing held, nothing waiting, and no call for IDLE_MS (every rate window has long passed). */
	idle(now: number): boolean {
		return this.slots.used === 0 && this.slots.waiting === 0 && now - this.lastUsed > IDLE_MS;
	}
}

const accounts = new Map<string, AccountGates>();

/** The gates of an account, created on first use; `runningTasks` is the credential's setting. */
export function accountGates(fingerprint: string, runningTasks: number, now: number): AccountGates {
	let gates = accounts.get(fingerprint);
	if (!gates) {
		forgetIdle(now);
		gates = new AccountGates(fingerprint, runningTasks);
		accounts.set(fingerprint, gates);
	}
	gates.noteLimit(runningTasks, now);
	gates.lastUsed = now;
	return gates;
}

/** Forgets idle accounts; past MAX_ACCOUNTS, the least recently used idle ones go first. */
function forgetIdle(now: number): void {
	for (const [key, gates] of accounts) if (gates.idle(now)) accounts.delete(key);
	if (accounts.size < MAX_ACCOUNTS) return;
	const quiet = [...accounts.values()]
		.filter((gates) => gates.slots.used === 0 && gates.slots.waiting === 0)
		.sort((a, b) => a.lastUsed - b.lastUsed);
	for (const gates of quiet.slice(0, accounts.size - MAX_ACCOUNTS + 1))
		accounts.delete(gates.fingerprint);
}

/** The fingerprints currently kept (for tests: they must never hold key material). */
export function knownAccounts(): string[] {
	return [...accounts.keys()];
}

/**
 * The credential's Running Tasks Limit, DashScope's 5 when unset or not a number. A fraction is
 * floored and anything below 1 becomes 1 (the field takes whole numbers from 1; a value set
 * otherwise, through the API or an import, errs on the side that never exceeds the account).
 */
export function runningTasksOf(data: DashScopeCredentialData): number {
	const value = Number(data.runningTasks ?? DEFAULT_RUNNING_TASKS);
	return Number.isFinite(value) ? Math.max(1, Math.floor(value)) : DEFAULT_RUNNING_TASKS;
}
