// Build helpers that tsc does not cover: a clean dist/ and the SVG icons next to the compiled files.
const fs = require('node:fs');
const path = require('node:path');
const { task, src, dest, parallel } = require('gulp');

task('clean', (done) => {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
});

const copy = (from) => () =>
	src(`${from}/**/*.{png,svg}`, { encoding: false }).pipe(dest(`dist/${from}`));

task('build:icons', parallel(copy('nodes'), copy('credentials')));
