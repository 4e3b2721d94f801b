// n8n's own community-node rules, applied the way @n8n/node-cli applies them: these are
// the rules n8n's package scanner enforces before a package can be verified.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/**', 'scripts/**', '*.js', '*.mjs'] },
	...config,
];
