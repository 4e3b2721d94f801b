import { networkFailureCode, readChertError } from '../../../nodes/shared/transport/errors';

describe('readChertError', () => {
	it('reads the documented envelope, preferring the body’s status', () => {
		const body = {
			success: false,
			error: { status: 403, code: 2006, message: 'from is not yours', retryable: false },
			trace_id: 'tr_1',
		};
		expect(readChertError(400, body, { 'x-trace-id': 'tr_header' })).toEqual({
			httpStatus: 403,
			code: 2006,
			message: 'from is not yours',
			retryable: false,
			retryAfter: undefined,
			traceId: 'tr_1',
		});
	});

	it('reads retry_after from the body or the Retry-After header', () => {
		expect(readChertError(429, { error: { code: 1007, message: 'slow down', retry_after: 7 } }, {}).retryAfter).toBe(7);
		expect(readChertError(429, { error: { code: 1007, message: 'slow down' } }, { 'retry-after': '9' }).retryAfter).toBe(9);
	});

	it('reads the flat shape of /send', () => {
		expect(readChertError(400, { success: false, error: 'bad phone', code: 1003, trace_id: 't' }, {})).toMatchObject({
			code: 1003,
			message: 'bad phone',
			traceId: 't',
		});
	});

	it('still says something readable for unknown shapes', () => {
		expect(readChertError(502, '<html>Bad Gateway</html>', { 'x-trace-id': ['tr_h'] })).toMatchObject({
			httpStatus: 502,
			message: '<html>Bad Gateway</html>',
			traceId: 'tr_h',
		});
		expect(readChertError(500, undefined, {}).message).toBe('Chert answered with HTTP 500');
	});
});

describe('networkFailureCode', () => {
	it('finds the code of a failure that got no answer, also when wrapped', () => {
		expect(networkFailureCode({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
		expect(networkFailureCode({ message: 'wrapped', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkFailureCode(new Error('no code'))).toBeUndefined();
		expect(networkFailureCode({ code: 'ERR_BAD_REQUEST', response: {} })).toBe('ERR_BAD_REQUEST');
	});

	it('finds it where n8n 1.x puts it: the httpCode of the NodeApiError it wraps the failure in', () => {
		const { NodeApiError } = jest.requireActual('n8n-workflow');
		const node = { id: '1', name: 'Chert', type: 'n8n-nodes-chert.chert', typeVersion: 1, position: [0, 0], parameters: {} };
		const wrapped = new NodeApiError(node, { message: 'socket hang up' }, { httpCode: 'ECONNRESET' });
		expect(networkFailureCode(wrapped)).toBe('ECONNRESET');
		// An answer's HTTP status is not a network failure.
		expect(networkFailureCode(new NodeApiError(node, { message: 'bad' }, { httpCode: '500' }))).toBeUndefined();
	});
});
