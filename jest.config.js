/**
 * Three projects, run together by `jest` or one by one with `--selectProjects`:
 * - unit:   the TypeScript sources (ts-jest) and the DashScope emulator; fast, no build needed.
 * - engine: the built package (dist/) inside n8n-core's real WorkflowExecute.
 * - e2e:    the packed package inside a real n8n (2.41.1 and 1.123.x) run with `n8n execute`;
 *           needs test/n8n/bootstrap.js (cached in ~/.cache/n8n-nodes-wanx). Long timeouts are
 *           set per hook/test in those files.
 */
const shared = {
	testEnvironment: 'node',
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/setup.js'],
};

module.exports = {
	testTimeout: 30000,
	// One temp folder per run for n8n's instance folders, removed at the end (test/tmp-root.js).
	globalSetup: '<rootDir>/test/global-setup.js',
	globalTeardown: '<rootDir>/test/global-teardown.js',
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
	projects: [
		{ ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit', '<rootDir>/test/emulator'] },
		{
			...shared,
			displayName: 'engine',
			roots: ['<rootDir>/test/engine'],
			// nock's interceptor lives on the global scope; jest's cleanup between files would disable it.
			testEnvironmentOptions: { globalsCleanup: 'off' },
		},
		{ ...shared, displayName: 'e2e', roots: ['<rootDir>/test/e2e'], slowTestThreshold: 120 },
	],
};
