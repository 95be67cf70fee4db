/** The older @playwright/test releases of the e2e matrix, installed into VERSIONS_DIR/<version>/. */
export declare const OLDER_VERSIONS: readonly string[];
export declare const VERSIONS_DIR: string;
