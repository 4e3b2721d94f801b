import { z } from 'zod';

export const idempotencyKey = z
	.string()
	.trim()
	.min(1, 'must not be empty when given')
	.max(255, 'must be at most 255 characters');
