export function cachedBundle(options: { root: string; entry: string; name: string; sources: string[] }): Promise<string>;
export function sourcesBelow(dir: string): string[];
