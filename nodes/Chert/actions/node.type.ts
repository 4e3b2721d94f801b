import type { ChertOperation } from './operation.types';

/** Every resource with its operations: a missing operation module is a compile error. */
export type ChertNodeMap = {
	attachment: 'upload';
	chat:
		| 'addParticipant'
		| 'create'
		| 'getMessages'
		| 'markAsRead'
		| 'removeParticipant'
		| 'sendTypingIndicator'
		| 'updateGroup';
	event: 'get' | 'list' | 'replay';
	location: 'send';
	message: 'edit' | 'get' | 'react' | 'send' | 'sendToPhoneNumber';
	phoneNumber: 'list';
	webhookSubscription: 'delete' | 'get' | 'list' | 'update';
};

export type ChertResource = keyof ChertNodeMap;

export type OperationsOf<R extends ChertResource> = Record<ChertNodeMap[R], ChertOperation>;
