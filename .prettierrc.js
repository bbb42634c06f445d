// n8n's formatting, as in n8n's node starter and n8n's own repository: tabs, single quotes,
// width 100, trailing commas everywhere (https://prettier.io/docs/options).
module.exports = {
	useTabs: true,
	tabWidth: 2,
	singleQuote: true,
	quoteProps: 'as-needed',
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	arrowParens: 'always',
	endOfLine: 'lf',
	printWidth: 100,
};
