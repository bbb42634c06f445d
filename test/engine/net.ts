/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the end-of-file wait uses a real timer; node code uses sleep() */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
import nock from 'nock';

import { API_KEY, allRuns, findSecret } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmulator, DEFAULTS } = require('../emulator');

/**
 * After a run the node may still sleep out the current slice of a wait that already ended (a
 * slot wait's pause checks between 500 ms slices: transport/stoppable.ts `pause`). Waiting a
 * slice at the end of each file lets jest's worker exit by itself instead of being killed.
 */
const settleNodeWaits = () => new Promise((resolve) => setTimeout(resolve, 600));

/**
 * nock for one engine test file. Jest gives each file a fresh copy of nock while its HTTP
 * interceptor stays installed globally, so each file re-activates it, checks after each test
 * that every mock was used, and at the end that the harness's key is in no run's output.
 */
export function useNock(): void {
	beforeAll(() => {
		nock.restore();
		nock.activate();
		nock.disableNetConnect();
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(async () => {
		nock.restore();
		expect(findSecret(allRuns, API_KEY)).toEqual([]);
		await settleNodeWaits();
	});
}

/** The key the emulator accepts (its DEFAULTS): the engine files use it and look for it in outputs. */
export const EMULATOR_KEY: string = DEFAULTS.apiKey;

/**
 * The DashScope emulator on 127.0.0.1 for one engine test file: real sockets (whatever another
 * file left of nock's interceptor is switched off), closed at the end, and the emulator's key
 * found in no run's output. It starts in beforeAll, after the file's top level has run, so this
 * returns a stand-in that forwards to the started emulator (`emu.url`, `emu.requests`, …).
 */
export function useEmulator(options: Record<string, unknown>): any {
	let server: any;
	beforeAll(async () => {
		nock.restore();
		nock.enableNetConnect();
		server = await startEmulator(options);
	});
	afterAll(async () => {
		await server?.close();
		nock.disableNetConnect();
		expect(findSecret(allRuns, EMULATOR_KEY)).toEqual([]);
		await settleNodeWaits();
	});
	return new Proxy(
		{},
		{
			get: (_target, key) => {
				const value = server?.[key];
				return typeof value === 'function' ? value.bind(server) : value;
			},
		},
	);
}
