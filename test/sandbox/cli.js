#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * node test/sandbox/cli.js [--port N] [--secret S] [--tenant SLUG] [--latency MS] [--jitter MS]
 *   [--allow-http-webhooks]
 * Prints one JSON line {"url":...,"signingSecret":...,"tenantSlug":...,"phoneUrl":...} once
 * listening, so a script can read it (phoneUrl: the customer's view for a person in a
 * browser); stops on SIGINT/SIGTERM.
 */

const { startSandbox } = require('./index');

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {import('./config').SandboxOptions} */
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--port') opts.port = Number(need());
    else if (flag === '--secret') opts.signingSecret = need();
    else if (flag === '--tenant') opts.tenantSlug = need();
    else if (flag === '--latency') opts.latencyMs = Number(need());
    else if (flag === '--jitter') opts.latencyJitterMs = Number(need());
    else if (flag === '--allow-http-webhooks') opts.allowHttpWebhooks = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'usage: node test/sandbox/cli.js [--port N] [--secret S] [--tenant SLUG] [--latency MS] [--jitter MS] [--allow-http-webhooks]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) {
    throw new Error('--port must be an integer from 0 to 65535');
  }
  return opts;
}

async function main() {
  const sandbox = await startSandbox(parseArgs(process.argv.slice(2)));
  process.stdout.write(
    `${JSON.stringify({ url: sandbox.url, signingSecret: sandbox.signingSecret, tenantSlug: sandbox.tenantSlug, phoneUrl: `${sandbox.url}/phone` })}\n`,
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`chert sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
