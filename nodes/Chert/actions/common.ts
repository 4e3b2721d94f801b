import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import type { z } from 'zod';

import { validateRequest } from '../helpers/validate';
import { chatRequest } from '../schemas/chat';
import type { FieldLabels } from '../schemas/issues';
import type { ChertRequest } from '../../shared/transport/request.types';

/**
 * `/<collection>/<id>` for an operation addressed by one ID field (Chat ID, Message ID, …):
 * the field read from the item and checked by its schema before anything is sent.
 */
export function idEndpoint<F extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	labels: FieldLabels,
	schema: z.ZodType<Record<F, string>, z.ZodTypeDef, unknown>,
	field: F,
	collection: string,
): string {
	const checked = validateRequest.call(
		context,
		schema,
		{ [field]: context.getNodeParameter(field, itemIndex, '') },
		labels,
		itemIndex,
	);
	return `/${collection}/${encodeURIComponent(checked[field])}`;
}

/**
 * The request of an operation that needs nothing but the chat (Mark as Read, Get Messages):
 * its Chat ID checked like any other field, then `path` under that chat.
 */
export function chatOnlyRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	labels: FieldLabels,
	method: IHttpRequestMethods,
	path: string,
): ChertRequest {
	return { method, endpoint: `${idEndpoint(context, itemIndex, labels, chatRequest, 'chatId', 'chats')}/${path}` };
}

/** Ids the node knows from elsewhere (the request, another field) when Chert's answer does not name them. */
export interface KnownIds {
	chatId?: unknown;
	messageId?: unknown;
}

/**
 * Chert's answer as-is, with the ids downstream nodes need most at the top level: read from
 * a nested `chat` / `message`, a flat `chat_id` / `message_id`, or else what the node knows.
 * An id that is nowhere is left out rather than set to undefined.
 */
export function withIds(response: Record<string, unknown>, known: KnownIds = {}): IDataObject {
	const chat = asObject(response.chat);
	const message = asObject(response.message);
	const ids = {
		chatId: chat?.id ?? message?.chat_id ?? response.chat_id ?? known.chatId,
		messageId: message?.id ?? response.message_id ?? known.messageId,
	};
	const defined = Object.entries(ids).filter(([, id]) => id !== undefined && id !== null && id !== '');
	return { ...Object.fromEntries(defined), ...response } as IDataObject;
}

/** The numbers in a `GET /phone-numbers` answer, as Chert gave them. */
export function phoneNumbersOf(response: Record<string, unknown>): IDataObject[] {
	const numbers = response.phone_numbers;
	return Array.isArray(numbers) ? numbers.filter((number): number is IDataObject => asObject(number) !== undefined) : [];
}

/** A number counts as active unless Chert says it is not. */
export function isActive(phoneNumber: IDataObject): boolean {
	return phoneNumber.is_active !== false;
}

export function asObject(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : undefined;
}
