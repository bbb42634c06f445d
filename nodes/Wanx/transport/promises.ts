/** Promise helpers of the transport: outcomes as values, and waits a stop ends. */

/** A promise's outcome as a value, so callers branch on failures without rethrowing from catch. */
export async function settle<T>(
	promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

/** The promise's outcome, or a rejection as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) return Promise.reject(new Error('stopped'));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new Error('stopped'));
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}
