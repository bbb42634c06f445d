'use strict';
/** The variant switches' own rules (variants.js): names and values checked, queue start times. */
const { VARIANTS, DEFAULT_VARIANTS, mergeVariants, queuedStart } = require('./variants');
const { startEmulator } = require('./emulator');

test('defaults are the first reading of each behaviour; unknown names and values are refused', () => {
	for (const [name, values] of Object.entries(VARIANTS))
		expect(DEFAULT_VARIANTS[name]).toBe(values[0]);
	expect(mergeVariants(DEFAULT_VARIANTS, { overLimitCreate: 'queue' }).overLimitCreate).toBe(
		'queue',
	);
	expect(() => mergeVariants(DEFAULT_VARIANTS, { overLimit: 'queue' })).toThrow(
		/unknown variant "overLimit"/,
	);
	expect(() => mergeVariants(DEFAULT_VARIANTS, { overLimitCreate: 'drop' })).toThrow(
		/must be one of throttle, queue/,
	);
});

test('a queued create starts when enough active tasks have ended to leave it a slot', () => {
	expect(queuedStart([], 3, 100)).toBe(100);
	expect(queuedStart([500, 400], 3, 100)).toBe(100); // a slot is free
	expect(queuedStart([500, 300, 400], 3, 100)).toBe(300); // the first to end frees one
	expect(queuedStart([500, 300, 400, 450], 3, 100)).toBe(400); // one already queued ahead
	expect(queuedStart([50, 60, 70], 3, 100)).toBe(100); // never before its own pending time
});

test('over the limit: throttle refuses with 429, queue accepts and starts the task later', async () => {
	const emu = await startEmulator({
		taskTimings: { pendingMs: 0, runningMs: 1000 },
		limits: { submitPerSecond: 0, runningTasks: 1, queriesPerSecond: 0 },
	});
	const create = () =>
		fetch(`${emu.apiUrl}/services/aigc/image-generation/generation`, {
			method: 'POST',
			headers: {
				authorization: 'Bearer sk-emulator-test',
				'content-type': 'application/json',
				'x-dashscope-async': 'enable',
			},
			body: JSON.stringify({
				model: 'wan2.6-t2i',
				input: { messages: [{ role: 'user', content: [{ text: 'a kite' }] }] },
				parameters: { n: 1 },
			}),
		});
	try {
		expect((await create()).status).toBe(200);
		const refused = await create();
		expect(refused.status).toBe(429);
		expect((await refused.json()).code).toBe('Throttling.RateQuota');
		emu.configure({ variants: { overLimitCreate: 'queue' } });
		const queued = await create();
		expect(queued.status).toBe(200);
		const id = (await queued.json()).output.task_id;
		const [first, second] = [...emu.tasks.values()];
		expect(emu.tasks.get(id).scheduledAt).toBe(first.endAt);
		expect(second.id).toBe(id);
		const poll = await fetch(`${emu.apiUrl}/tasks/${id}`, {
			headers: { authorization: 'Bearer sk-emulator-test' },
		});
		expect((await poll.json()).output.task_status).toBe('PENDING');
	} finally {
		await emu.close();
	}
});
