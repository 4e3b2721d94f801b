#!/usr/bin/env node
// `npm run scan`: n8n's verification lint, as @n8n/scan-community-package runs it on a
// published package, over this repository's source and over the packed tarball. The rules
// and their settings are the scanner's own (its exported analysis, pinned as a
// devDependency), inline eslint-disable comments are ignored as they are there, and any
// violation fails. The scanner's other step, the npm provenance check, needs a published
// version; the publish workflow provides it (.github/workflows/publish.yml).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

import installPackage from '../test/e2e/lib/install-package.js';
import { REPO } from '../test/e2e/lib/provision.js';

// What the scanner lints in a downloaded tarball: compiled JavaScript and package.json.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** The tarball that would be published (built and packed as the real-n8n suites install it), unpacked. */
function packTarball() {
	const tarball = installPackage.packPackage();
	const dir = path.dirname(tarball);
	const unpacked = path.join(dir, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
	return { dir, unpacked, filename: path.basename(tarball) };
}

async function scan(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	if (result.passed) {
		console.log(`✅ ${label}: no violations (${result.message ?? patterns.join(', ')})`);
		return true;
	}
	console.log(`❌ ${label}: ${result.message}`);
	if (result.details) console.log(result.details);
	return false;
}

const tarball = packTarball();
try {
	const source = await scan('source', REPO, SOURCE_FILE_PATTERNS);
	const packed = await scan(`tarball ${tarball.filename}`, tarball.unpacked, TARBALL_FILE_PATTERNS);
	process.exitCode = source && packed ? 0 : 1;
} finally {
	fs.rmSync(tarball.dir, { recursive: true, force: true });
}
