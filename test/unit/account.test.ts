/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake keys of the local emulator and nock */
/**
 * nodes/Wanx/transport/slots.ts and account.ts: the account-wide gates every execution of the
 * process shares. Slots are never held above the account's count whatever the callers do,
 * every lease comes back, waiters are served fairly (a late run is not starved by a big one),
 * and accounts are known only by a one-way fingerprint.
 */
import { createHash } from 'node:crypto';

import {
	IDLE_MS,
	POLLS_PER_SECOND,
	accountFingerprint,
	accountGates,
	knownAccounts,
	runningTasksOf,
} from '../../nodes/Wanx/transport/account';
import { DashScopeApi } from '../../credentials/DashScopeApi.credentials';
import { SlotGate, type SlotLease } from '../../nodes/Wanx/transport/slots';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SlotGate', () => {
	it('grants up to the limit at once, then in arrival order as slots come back', async () => {
		const gate = new SlotGate(2);
		const owner = {};
		const order: number[] = [];
		const leases = Array.from({ length: 5 }, (_, i) =>
			gate.acquire(owner).then((lease) => (order.push(i), lease)),
		);
		await flush();
		expect(order).toEqual([0, 1]);
		expect(gate.used).toBe(2);
		expect(gate.waiting).toBe(3);
		(await leases[0])!.release();
		await flush();
		expect(order).toEqual([0, 1, 2]);
		(await leases[1])!.release();
		(await leases[2])!.release();
		await flush();
		expect(order).toEqual([0, 1, 2, 3, 4]);
		expect(gate.used).toBe(2);
	});

	it('releasing twice gives back one slot only', async () => {
		const gate = new SlotGate(1);
		const lease = (await gate.acquire({}))!;
		lease.release();
		lease.release();
		expect(lease.released).toBe(true);
		expect(gate.used).toBe(0);
		await gate.acquire({});
		expect(gate.used).toBe(1);
	});

	it('an aborted waiter leaves the queue holding nothing; the next one gets the slot', async () => {
		const gate = new SlotGate(1);
		const first = (await gate.acquire({}))!;
		const stop = new AbortController();
		const aborted = gate.acquire({}, stop.signal);
		const next = gate.acquire({});
		stop.abort();
		expect(await aborted).toBeUndefined();
		expect(gate.waiting).toBe(1);
		first.release();
		expect(await next).toBeDefined();
		expect(gate.used).toBe(1);
		expect(await gate.acquire({}, AbortSignal.abort())).toBeUndefined();
	});

	it('a run holding fewer slots goes first: a late single item waits for one release only', async () => {
		const gate = new SlotGate(5);
		const big = {};
		const late = {};
		const bigLeases: Array<Promise<SlotLease | undefined>> = Array.from({ length: 50 }, () =>
			gate.acquire(big),
		);
		await flush();
		const lateLease = gate.acquire(late);
		let lateGranted = false;
		void lateLease.then(() => (lateGranted = true));
		(await bigLeases[0])!.release();
		await flush();
		expect(lateGranted).toBe(true);
		expect(gate.used).toBe(5);
	});

	it('runs with equal holdings are served in arrival order', async () => {
		const gate = new SlotGate(1);
		const first = (await gate.acquire({}))!;
		const order: string[] = [];
		const [a, b, c] = [{}, {}, {}];
		const waits = [
			gate.acquire(a).then((l) => (order.push('a'), l)),
			gate.acquire(b).then((l) => (order.push('b'), l)),
			gate.acquire(c).then((l) => (order.push('c'), l)),
		];
		first.release();
		for (const wait of waits) (await wait)!.release();
		expect(order).toEqual(['a', 'b', 'c']);
	});

	it('random acquire/release/abort across many runs never holds more than the limit, and every lease comes back', async () => {
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		const gate = new SlotGate(5);
		const owners = Array.from({ length: 8 }, () => ({}));
		const held: SlotLease[] = [];
		const pending: Array<Promise<void>> = [];
		let peak = 0;
		for (let step = 0; step < 2000; step++) {
			const roll = random();
			if (roll < 0.5) {
				const stop = new AbortController();
				pending.push(
					gate.acquire(owners[Math.floor(random() * owners.length)], stop.signal).then((lease) => {
						if (lease) held.push(lease);
					}),
				);
				if (random() < 0.1) stop.abort();
			} else if (held.length > 0) {
				held.splice(Math.floor(random() * held.length), 1)[0].release();
			}
			await flush();
			expect(gate.used).toBeLessThanOrEqual(5);
			expect(gate.used).toBe(held.length);
			peak = Math.max(peak, gate.used);
		}
		while (held.length > 0 || gate.waiting > 0) {
			held.pop()?.release();
			await flush();
		}
		await Promise.all(pending);
		expect(gate.used).toBe(0);
		expect(peak).toBe(5);
	});

	it('0 means no limit; a raised limit lets waiters in at once', async () => {
		expect(
			(await Promise.all(Array.from({ length: 20 }, () => new SlotGate(0).acquire({})))).every(
				Boolean,
			),
		).toBe(true);
		const gate = new SlotGate(1);
		await gate.acquire({});
		let granted = false;
		void gate.acquire({}).then(() => (granted = true));
		gate.setLimit(2);
		await flush();
		expect(granted).toBe(true);
	});
});

describe('accountGates: one set of gates per account in the process', () => {
	const KEY = 'sk-account-test-0123456789abcdef';

	it('the same key and base URL share gates across runs; another key or URL does not', () => {
		const now = Date.now();
		const a = accountGates(accountFingerprint(KEY, 'https://dashscope.aliyuncs.com'), 5, now);
		const b = accountGates(accountFingerprint(KEY, 'https://dashscope.aliyuncs.com'), 5, now);
		const otherUrl = accountGates(
			accountFingerprint(KEY, 'https://dashscope-intl.aliyuncs.com'),
			5,
			now,
		);
		const otherKey = accountGates(
			accountFingerprint(`${KEY}x`, 'https://dashscope.aliyuncs.com'),
			5,
			now,
		);
		expect(b).toBe(a);
		expect(otherUrl).not.toBe(a);
		expect(otherKey).not.toBe(a);
		expect(a.poll.limit).toBe(POLLS_PER_SECOND);
		expect(POLLS_PER_SECOND).toBeLessThan(20);
	});

	it('submissions are gated per model and rate; the credential sets the slot count', () => {
		const gates = accountGates(accountFingerprint(KEY, 'https://submit.test'), 3, Date.now());
		expect(gates.submit('wan2.6-image', 5)).toBe(gates.submit('wan2.6-image', 5));
		expect(gates.submit('wan2.6-t2i', 1)).not.toBe(gates.submit('wan2.6-image', 5));
		expect(gates.submit('wan2.6-t2i', 1).limit).toBe(1);
		expect(gates.slots.capacity).toBe(3);
	});

	it('two credentials for one account: the smallest limit holds while busy, the newest once quiet', async () => {
		const now = Date.now();
		const gates = accountGates(accountFingerprint(KEY, 'https://limits.test'), 5, now);
		const lease = await gates.slots.acquire({}); // a run of the limit-5 credential holds a slot
		accountGates(gates.fingerprint, 1, now + 1);
		expect(gates.slots.capacity).toBe(1);
		accountGates(gates.fingerprint, 5, now + 2); // the limit-5 credential used again
		expect(gates.slots.capacity).toBe(1);
		accountGates(gates.fingerprint, 5, now + IDLE_MS + 2); // busy a long while: 1 is forgotten
		expect(gates.slots.capacity).toBe(5);
		accountGates(gates.fingerprint, 1, now + IDLE_MS + 3);
		lease?.release();
		accountGates(gates.fingerprint, 8, now + IDLE_MS + 4); // quiet: the credential in use
		expect(gates.slots.capacity).toBe(8);
	});

	it('the Running Tasks Limit: a fraction is floored, below 1 is 1, unset or not a number is 5', () => {
		expect(runningTasksOf({ runningTasks: 1.5 } as never)).toBe(1);
		expect(runningTasksOf({ runningTasks: 4.9 } as never)).toBe(4);
		expect(runningTasksOf({ runningTasks: 0 } as never)).toBe(1);
		expect(runningTasksOf({ runningTasks: 3 } as never)).toBe(3);
		expect(runningTasksOf({} as never)).toBe(5);
		expect(runningTasksOf({ runningTasks: 'many' } as never)).toBe(5);
	});

	it('the credential field takes whole numbers from 1, as the node reads it', () => {
		const field = new DashScopeApi().properties.find((p) => p.name === 'runningTasks');
		expect(field?.typeOptions).toMatchObject({ minValue: 1, numberPrecision: 0 });
	});

	it('the fingerprint is one-way: no part of the key, fixed length, not a plain hash of the key', () => {
		const fingerprint = accountFingerprint(KEY, 'https://dashscope.aliyuncs.com');
		expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
		for (let i = 0; i + 6 <= KEY.length; i++)
			expect(fingerprint).not.toContain(KEY.slice(i, i + 6));
		expect(createHash('sha256').update(KEY).digest('hex')).not.toContain(fingerprint);
		accountGates(fingerprint, 5, Date.now());
		expect(knownAccounts().join(' ')).not.toContain(KEY.slice(3, 12));
	});

	it('idle accounts are forgotten; one with a held slot is kept', async () => {
		const now = Date.now();
		const idle = accountGates(accountFingerprint(KEY, 'https://idle.test'), 5, now);
		const busy = accountGates(accountFingerprint(KEY, 'https://busy.test'), 5, now);
		await busy.slots.acquire({});
		accountGates(accountFingerprint(KEY, 'https://new.test'), 5, now + IDLE_MS + 1);
		expect(knownAccounts()).not.toContain(idle.fingerprint);
		expect(knownAccounts()).toContain(busy.fingerprint);
	});
});
