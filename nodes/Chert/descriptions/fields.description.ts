import type { INodeProperties } from 'n8n-workflow';

import { E164_EXAMPLE } from '../schemas/limits';

// Chat ID and Message ID default to the id the previous Chert node put on its output, so
// nodes chain without expressions.

/** The chat an operation acts on; `purpose` completes "The ID of the chat …". */
export function chatIdProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Chat ID',
		name: 'chatId',
		type: 'string',
		required: true,
		default: '={{ $json.chatId }}',
		description: `The ID of the chat ${purpose}: the chatId a Chert node returned (Create Chat, Send to Phone Number), never a message ID. Defaults to the chatId of the incoming item.`,
	};
}

/** The message an operation acts on; `purpose` completes "The ID of the message …". */
export function messageIdProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '={{ $json.messageId }}',
		description: `The ID of the message ${purpose}: the messageId a Chert node returned, never a chat ID. Defaults to the messageId of the incoming item.`,
	};
}

/** A recipient given by phone number; `purpose` completes "The phone number …". */
export function phoneProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: E164_EXAMPLE,
		description: `The phone number ${purpose}, in E.164 format: a plus sign, the country code and the number, no spaces (e.g. ${E164_EXAMPLE})`,
	};
}
