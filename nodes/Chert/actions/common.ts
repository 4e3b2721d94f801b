import type { IDataObject } from 'n8n-workflow';

/** Chert's answer as-is, with the ids downstream nodes need most at the top level. */
export function withIds(response: Record<string, unknown>): IDataObject {
	const chat = response.chat as IDataObject | undefined;
	const message = response.message as IDataObject | undefined;
	return {
		chatId: chat?.id ?? message?.chat_id,
		messageId: message?.id,
		...response,
	} as IDataObject;
}
