import { z } from 'zod';

import { E164_EXAMPLE } from './limits';

// E.164: a plus sign, a country code that never starts with 0, at most 15 digits in all.
const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

export const e164 = z
	.string({ required_error: 'is required' })
	.trim()
	.min(1, 'is required')
	.pipe(
		z
			.string()
			.regex(
				E164_PATTERN,
				`must be a phone number in E.164 format: a plus sign, the country code and the number, no spaces or dashes (e.g. ${E164_EXAMPLE})`,
			),
	);
