import type { ICredentialType, ICredentialTypes } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

/** In-memory ICredentialTypes (n8n's CredentialTypes service, minus the package loader). */
export class TestCredentialTypes implements ICredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[] = []) {
		for (const credentialType of credentialTypes) this.types.set(credentialType.name, credentialType);
	}

	recognizes(type: string): boolean {
		return this.types.has(type);
	}

	getByName(type: string): ICredentialType {
		const found = this.types.get(type);
		if (!found) {
			// Same wording as n8n-core's UnrecognizedCredentialTypeError.
			throw new UnexpectedError(`Unrecognized credential type: ${type}`);
		}
		return found;
	}

	/**
	 * Fully-qualified node types the credential is restricted to. `supportedNodes` on a
	 * credential holds short names (`chert`); n8n's loader prefixes them with the package.
	 */
	getSupportedNodes(type: string, packageName = 'n8n-nodes-chert'): string[] {
		const supported = this.types.get(type)?.supportedNodes ?? [];
		return supported.map((name) => (name.includes('.') ? name : `${packageName}.${name}`));
	}

	/** All ancestors via `extends`, nearest first (n8n: `CredentialTypes.getParentTypes`). */
	getParentTypes(typeName: string): string[] {
		const parents = this.types.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}
