/**
 * nodes/Wanx/transport/download.ts: a result body cut mid-stream is tried again and finally fails
 * naming the cause, and no stall watchdog outlives its read (a pending 60 s timer would hold the
 * process open after the node is done). The n8n context is scripted (no network); jest's fake
 * timers count the timers left behind.
 */

import { DOWNLOAD_ATTEMPTS, downloadImage } from '../../nodes/Wanx/transport/download';
import { scriptedClient } from './scriptedClient';

const URL = 'https://results.test/image.png?Expires=1';

/** A body whose first chunk arrives and whose connection is then reset. */
async function* cutBody(): AsyncGenerator<Uint8Array> {
	yield Buffer.from([0x89, 0x50, 0x4e, 0x47]);
	throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

function clientAnswering(body: () => unknown) {
	let requests = 0;
	const client = scriptedClient(async () => {
		requests++;
		return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: body() };
	});
	// The back-off between attempts is not what this file checks.
	jest.spyOn(client, 'pause').mockResolvedValue();
	return { client, requests: () => requests };
}

const target = { itemIndex: 0, index: 0, fileName: (mime: string) => `image.${mime.slice(6)}` };

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
	jest.useRealTimers();
	jest.restoreAllMocks();
});

describe('a body cut mid-stream', () => {
	it('is fetched again, fails naming the cut, and leaves no stall timer pending', async () => {
		const { client, requests } = clientAnswering(cutBody);
		await expect(downloadImage(client, URL, target)).rejects.toThrow(
			`Result image 1 could not be downloaded from https://results.test/image.png: the connection was cut after 4 bytes (ECONNRESET) (${DOWNLOAD_ATTEMPTS} attempts)`,
		);
		expect(requests()).toBe(DOWNLOAD_ATTEMPTS);
		expect(jest.getTimerCount()).toBe(0);
	});
});
