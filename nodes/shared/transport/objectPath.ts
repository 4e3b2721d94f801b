type Path = ReadonlyArray<string | number>;

export function getIn(value: unknown, path: Path): unknown {
	return path.reduce<unknown>(
		(current, key) =>
			current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined,
		value,
	);
}

/** A copy of `value` with `path` set, copying only the objects and arrays along the path. */
export function setIn<T>(value: T, path: Path, leaf: unknown): T {
	if (path.length === 0) return leaf as T;
	const [head, ...rest] = path;
	const current = (value ?? {}) as Record<string | number, unknown>;
	const child = setIn(current[head], rest, leaf);
	if (Array.isArray(current)) {
		const copy = [...current];
		copy[head as number] = child;
		return copy as T;
	}
	return { ...current, [head]: child } as T;
}
