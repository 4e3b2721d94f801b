import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
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
		{
			displayName: 'Authentication Method',
			name: 'authentication',
			type: 'options',
			default: 'bearer',
			options: [
				{
					name: 'Bearer Token',
					value: 'bearer',
					description: 'Send the signing secret in the Authorization header',
				},
				{
					name: 'HMAC Signature',
					value: 'hmac',
					description:
						'Sign every request with the secret instead of sending it (Chert’s recommendation for exposed environments); needs the Tenant',
				},
			],
		},
		{
			displayName: 'Tenant',
			name: 'tenant',
			type: 'string',
			default: '',
			placeholder: 'acme',
			description:
				'Your Chert tenant slug, sent as x-chert-tenant. Required with HMAC signatures and for multi-tenant accounts.',
		},
	];

	/**
	 * Bearer sends the secret itself. HMAC sends `x-chert-signature: v1,<unix>,<hex>`, the
	 * HMAC-SHA256 of "<unix>.<body>" keyed by the secret, so it must sign the exact bytes that
	 * go out: the node always hands over its body as a JSON string, sent as it is.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const secret = String(credentials.signingSecret ?? '');
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		const tenant = String(credentials.tenant ?? '').trim();
		if (tenant) headers['x-chert-tenant'] = tenant;

		if (credentials.authentication !== 'hmac') {
			headers.Authorization = `Bearer ${secret}`;
			return { ...requestOptions, headers };
		}
		const body =
			requestOptions.body === undefined || requestOptions.body === null
				? ''
				: typeof requestOptions.body === 'string'
					? requestOptions.body
					: JSON.stringify(requestOptions.body);
		const timestamp = Math.floor(Date.now() / 1000);
		const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
		headers['x-chert-signature'] = `v1,${timestamp},${signature}`;
		return { ...requestOptions, ...(body ? { body } : {}), headers };
	}

	// A read-only call that needs valid credentials, so "Test connection" tells a wrong secret apart.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}/api/v1',
			url: '/phone-numbers',
			method: 'GET',
		},
	};
}
