/**
 * Fields the Image and Video panels share, built from what differs between them: the Mode field of
 * a model, and where one reference image or media input comes from (the Source choice and the
 * field each source shows).
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** A Mode field: the model's modes as `[value, rule]` in the table's order and words. */
export function modeField(
	modes: ReadonlyArray<readonly [string, { label: string; help?: string }]>,
	defaultMode: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: modes.map(([value, rule]) => ({ name: rule.label, value, description: rule.help })),
		default: defaultMode,
		displayOptions,
	};
}

interface SourceTexts {
	/** What a URL may be. */
	url: string;
	/** Where a binary field comes from and what happens to it. */
	binary: string;
	urlField: { displayName: string; placeholder: string };
	/** The hint of the Input Binary Field. */
	binaryHint: string;
	/** The description of Base64 Data, if any. */
	base64?: string;
}

/** The Source choice of one image or media input and the field each source shows. */
export function sourceFields(texts: SourceTexts): INodeProperties[] {
	return [
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			options: [
				{ name: 'URL', value: 'url', description: texts.url },
				{ name: 'Binary File', value: 'binary', description: texts.binary },
				{ name: 'Base64', value: 'base64', description: 'A Base64 string or a data: URI' },
			],
			default: 'url',
		},
		{
			displayName: texts.urlField.displayName,
			name: 'url',
			type: 'string',
			default: '',
			placeholder: texts.urlField.placeholder,
			displayOptions: { show: { source: ['url'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: texts.binaryHint,
			displayOptions: { show: { source: ['binary'] } },
		},
		{
			displayName: 'Base64 Data',
			name: 'base64',
			type: 'string',
			default: '',
			placeholder: 'data:image/png;base64,iVBORw0KGgo...',
			...(texts.base64 === undefined ? {} : { description: texts.base64 }),
			displayOptions: { show: { source: ['base64'] } },
		},
	];
}
