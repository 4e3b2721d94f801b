import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../common';

/**
 * A subscription's signing secret never leaves the node, wherever Chert might put it: Chert
 * shows it only at creation, but an answer that carried it anyway must not reach the output.
 */
export function withoutSecrets(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutSecrets);
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => key.toLowerCase() !== 'secret')
			.map(([key, entry]) => [key, withoutSecrets(entry)]),
	);
}

/** A subscription as Chert gives it, without secrets, its id on top as `subscriptionId`. */
export function subscriptionOutput(subscription: IDataObject): IDataObject {
	const clean = withoutSecrets(subscription) as IDataObject;
	const id = clean.id;
	return id === undefined || id === null || id === '' ? clean : { subscriptionId: id, ...clean };
}

/** One subscription: wrapped in `subscription` (as Chert's creation answer is) or bare. */
export function subscriptionOf(response: Record<string, unknown>): IDataObject {
	return asObject(response.subscription) ?? (response as IDataObject);
}

/**
 * The list's rows. Chert does not show this answer; the node reads `subscriptions` (the
 * resource's own name), or a bare array.
 */
export function subscriptionRowsOf(response: unknown): IDataObject[] {
	const rows = Array.isArray(response) ? response : asObject(response)?.subscriptions;
	return Array.isArray(rows) ? rows.map(asObject).filter((row) => row !== undefined) : [];
}

/**
 * What Chert answered a DELETE (undocumented), passed on as it came with `subscriptionId` on
 * top; an empty answer (no body, or `{}`) becomes `{ deleted: true, id }`.
 */
export function deletionOutput(response: unknown, subscriptionId: string): IDataObject {
	const answer = asObject(response);
	const passedOn = answer && Object.keys(answer).length > 0 ? answer : { deleted: true, id: subscriptionId };
	return { subscriptionId, ...passedOn };
}
