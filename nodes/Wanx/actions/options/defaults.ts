import type { INodeProperties } from 'n8n-workflow';

/**
 * The panel's default of a numeric option, so that a reader falls back to the very value the
 * panel shows (n8n's lint wants literal defaults in the description, so the description holds them).
 */
export function defaultOf(options: INodeProperties[], name: string): number {
	const value = options.find((option) => option.name === name)?.default;
	if (typeof value !== 'number') throw new Error(`option ${name} has no numeric default`);
	return value;
}
