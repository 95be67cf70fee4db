/** What CI detection reads: the environment, and (GitHub) the event payload file. */
export type CiEnv = Record<string, string | undefined>;
export type ReadEvent = (path: string) => unknown;
