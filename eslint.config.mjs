// n8n's community-node rules, as `n8n-node lint` and the verification scanner apply them:
// @n8n/eslint-plugin-community-nodes (recommended = n8n Cloud / verified) plus the
// eslint-plugin-n8n-nodes-base rule sets for package.json, credentials and nodes.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import * as jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

const base = n8nNodesBase.configs;

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**', 'examples/**', 'bench/**', '*.js', '*.mjs'],
	},
	...tseslint.configs.recommended.map((config) => ({
		...config,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	})),
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	},
	{
		// The house rule (issue 12): one job a file; a file past 300 lines is doing two.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'max-lines': ['error', { max: 300 }] },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...base.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.credentials.rules,
			// Community credentials must link a full URL (credential-documentation-url above).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.nodes.rules,
			// Superseded by @n8n/community-nodes/node-connection-type-literal (NodeConnectionTypes.Main).
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'no-console': 'error',
		},
	},
];
