// @ts-check
'use strict';

/**
 * Builds and packs this package, then unpacks the tarball where n8n's community-package
 * installer puts it: `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<package name>/`.
 * The package has no runtime dependencies, so unpacking is the whole install.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO } = require('./provision');

/** @type {string | undefined} */
let packedTarball;

/** Builds and packs once per process; returns the tarball's path. */
function packPackage() {
	if (packedTarball && fs.existsSync(packedTarball)) return packedTarball;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chert-pack-'));
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [{ filename }] = JSON.parse(out);
	packedTarball = path.join(dir, filename);
	return packedTarball;
}

/**
 * @param {string} userFolder the N8N_USER_FOLDER of one n8n process
 * @returns {string} the installed package folder
 */
function installPackage(userFolder) {
	const tarball = packPackage();
	const name = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).name;
	const target = path.join(userFolder, '.n8n/nodes/node_modules', name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
	return target;
}

module.exports = { packPackage, installPackage };
