import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
	KnownNodesAndCredentials,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;

/** Install prefix of this package: workflow JSON uses `n8n-nodes-chert.chert`. */
export const PACKAGE_NAME = 'n8n-nodes-chert';
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';

/**
 * Node types to register. Either instances (registered as `<packageName>.<description.name>`
 * unless the description name already contains a dot) or a map of full type name -> instance
 * (a key without a dot also gets the package prefix).
 */
export type NodeTypesInput = AnyNodeType[] | Record<string, AnyNodeType>;

function descriptionOf(nodeType: AnyNodeType): INodeTypeDescription {
	return 'nodeVersions' in nodeType
		? (nodeType.description as INodeTypeDescription)
		: nodeType.description;
}

export function qualifyNodeTypeName(name: string, packageName = PACKAGE_NAME): string {
	return name.includes('.') ? name : `${packageName}.${name}`;
}

/**
 * Stand-in for n8n-nodes-base.manualTrigger (nodes-base is not a dependency). Like the real
 * node it is a `trigger` node: in `manual` mode WorkflowExecute calls `trigger()` (with the
 * ITriggerFunctions context as `this`) and awaits the items given to `emit`; in other modes
 * it passes the start items of the execution stack through.
 * The real node always emits one empty item; this one emits `items` (default `[{ json: {} }]`).
 */
export class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		icon: 'fa:mouse-pointer',
		group: ['trigger'],
		version: 1,
		description: 'Test stand-in for the Manual Trigger',
		eventTriggerDescription: '',
		maxNodes: 1,
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	trigger: (this: ITriggerFunctions) => Promise<ITriggerResponse>;

	constructor(items: INodeExecutionData[] = [{ json: {} }]) {
		this.trigger = async function (this: ITriggerFunctions) {
			const emitted = items.map((item) => ({ ...item, json: structuredClone(item.json) }));
			const manualTriggerFunction = async () => {
				this.emit([emitted]);
			};
			return { manualTriggerFunction };
		};
	}
}

/** Stand-in for n8n-nodes-base.noOp: passes its input items through unchanged. */
export class NoOpStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		icon: 'fa:arrow-right',
		group: ['organization'],
		version: 1,
		description: 'Test stand-in for No Operation',
		defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** In-memory INodeTypes, the equivalent of n8n's NodeTypes service backed by the loader. */
export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(input: NodeTypesInput = [], packageName = PACKAGE_NAME) {
		this.register(NO_OP_TYPE, new NoOpStandIn());
		this.register(MANUAL_TRIGGER_TYPE, new ManualTriggerStandIn());
		if (Array.isArray(input)) {
			for (const nodeType of input) {
				this.register(qualifyNodeTypeName(descriptionOf(nodeType).name, packageName), nodeType);
			}
		} else {
			for (const [name, nodeType] of Object.entries(input)) {
				this.register(qualifyNodeTypeName(name, packageName), nodeType);
			}
		}
	}

	register(fullName: string, nodeType: AnyNodeType): this {
		this.types.set(fullName, nodeType);
		return this;
	}

	has(fullName: string): boolean {
		return this.types.has(fullName);
	}

	getByName(nodeType: string): AnyNodeType {
		const found = this.types.get(nodeType);
		if (!found) {
			throw new UnexpectedError(
				`Unrecognized node type: ${nodeType} (registered: ${[...this.types.keys()].join(', ')})`,
			);
		}
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: KnownNodesAndCredentials['nodes'] = {};
		for (const name of this.types.keys()) {
			known[name] = { className: name, sourcePath: '' };
		}
		return known;
	}

	names(): string[] {
		return [...this.types.keys()];
	}
}
