export function srcFolders(src: string): string[];
export function readDepsList(src: string, folder: string, folders?: string[]): Map<string, string[]>;
