// @ts-check
'use strict';

const fs = require('node:fs');

/**
 * Processes whose environment names this n8n's port: n8n and its task runner. Used to prove
 * that stopping something left no n8n behind.
 * @param {number} port
 * @returns {number[]}
 */
function n8nProcesses(port) {
	/** @type {number[]} */
	const pids = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (environ.includes(`N8N_PORT=${port}`) && environ.some((v) => v.startsWith('N8N_USER_FOLDER='))) {
				pids.push(Number(entry));
			}
		} catch {
			// gone, or not ours to read
		}
	}
	return pids;
}

module.exports = { n8nProcesses };
