import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ChertApi implements ICredentialType {
	name = 'chertApi';

	displayName = 'Chert API';

	icon: Icon = { light: 'file:../nodes/Chert/chert.svg', dark: 'file:../nodes/Chert/chert.dark.svg' };

	documentationUrl = 'https://docs.trychert.com';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The 32-character signing secret shown once in the Chert console',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://console.trychert.com',
			description: 'Chert’s address without the API path (the node adds /api/v1)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.signingSecret}}',
			},
		},
	};

	// A read-only call that needs a valid secret, so "Test connection" tells a wrong secret apart.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}/api/v1',
			url: '/phone-numbers',
			method: 'GET',
		},
	};
}
