// Runs after tsc: dist/ must carry the non-TypeScript files n8n loads beside the compiled
// node (icons and the codex JSON), in the same folders as their sources.
const { src, dest, task } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png,json}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:assets', copyAssets);
