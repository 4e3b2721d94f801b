import { getIn } from './objectPath';
import type { ChertRequest } from './request.types';

/** The idempotency key a request carries at its `idempotencyKeyPath`, if it has one. */
export function idempotencyKeyOf(request: ChertRequest): string | undefined {
	const value = getIn(request.body, request.idempotencyKeyPath ?? []);
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}
