/** A node run's stop state and its cancel-aware waits: stopping the run ends every wait at once. */
import { sleep } from 'n8n-workflow';

/** The base of DashScopeClient (one per node run): what `stop` does to the run's waits. */
export class StoppableRun {
	/** Set when the execution is cancelled or the run stops after a fatal item error. */
	private halted = false;

	/**
	 * One controller per wait in progress (pause, poll, slot), aborted by `stop`: no listener piles
	 * up on one shared signal however many items wait at once.
	 */
	private readonly waits = new Set<AbortController>();

	/** `signal`: the execution's cancel signal; the run stops when it aborts. */
	constructor(signal: AbortSignal | undefined) {
		if (signal?.aborted) this.halted = true;
		else signal?.addEventListener('abort', () => this.stop(), { once: true });
	}

	/** Stops every wait of this run (slot, rate gate, pause, poll in progress). */
	stop(): void {
		this.halted = true;
		for (const wait of this.waits) wait.abort();
		this.waits.clear();
	}

	/** The run stopped: cancelled by the user or failed. Nothing new is sent. */
	get stopped(): boolean {
		return this.halted;
	}

	/** `stop` aborts `controller` from now on (at once when the run already stopped). */
	abortOnStop(controller: AbortController): void {
		if (this.halted) controller.abort();
		else this.waits.add(controller);
	}

	/** The wait of `controller` is over: `stop` no longer needs to abort it. */
	waitEnded(controller: AbortController): void {
		this.waits.delete(controller);
	}

	/** Runs `work` with a signal that `stop` aborts. */
	protected async stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		this.abortOnStop(controller);
		try {
			return await work(controller.signal);
		} finally {
			this.waitEnded(controller);
		}
	}

	/**
	 * Sleeps in slices so that stopping the run ends the wait at once, on every n8n version (older
	 * ones ignore the signal of `sleep`); `until` ends it early too.
	 */
	async pause(ms: number, until?: () => boolean): Promise<void> {
		await this.stoppable(async (signal) => {
			const end = Date.now() + ms;
			for (let left = ms; left > 0 && !signal.aborted && !until?.(); left = end - Date.now()) {
				try {
					await sleep(Math.min(left, 500), signal);
				} catch {
					return; // aborted: the caller checks `stopped`
				}
			}
		});
	}
}
