import type { ICredentialDataDecryptedObject, INodeExecutionData, IRun } from 'n8n-workflow';

export const API_KEY: string;
export const BASE_URL: string;
/** Back-off runs at this fraction of real time under jest (1 in the benchmarks). */
export const TEST_TIME_SCALE: number;
export const allRuns: IRun[];
export function findSecret(value: unknown, secret: string): string[];

export interface RunOptions {
	parameters: Record<string, unknown>;
	items?: INodeExecutionData[];
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** Called once the run started, with a function that cancels it (as the editor's Stop button). */
	onStart?: (cancel: () => void) => void;
	/** The node's version (default 1, as the saved workflows). */
	typeVersion?: number;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	items: INodeExecutionData[];
	error?: {
		message: string;
		description?: string | null;
		context?: Record<string, unknown>;
	} & Record<string, unknown>;
	/** Wall time of the execution, in milliseconds. */
	ms: number;
}

export function runWanx(options: RunOptions): Promise<RunResult>;
