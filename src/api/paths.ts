import type { ApiVersion, TestCaseFilter } from './schemas.js';

/** Ids come from users and from responses: encoded, so no id can walk to another path. */
const seg = encodeURIComponent;

export const apiPaths = {
  execute: (version: ApiVersion) => `/apiKey/${version}/execute`,
  testReport: (version: ApiVersion, testTargetId: string, testReportId: string) =>
    `/apiKey/${version}/test-targets/${seg(testTargetId)}/test-reports/${seg(testReportId)}`,
  testCase: (version: ApiVersion, testTargetId: string, testCaseId: string) =>
    `/apiKey/${version}/test-targets/${seg(testTargetId)}/test-cases/${seg(testCaseId)}`,
  /** `filter` is Octomind's JSON filter query (openapi-v3.yaml, getTestCases). */
  testCases: (testTargetId: string, filter?: TestCaseFilter) =>
    `/apiKey/v3/test-targets/${seg(testTargetId)}/test-cases${filter ? `?filter=${seg(JSON.stringify(filter))}` : ''}`,
  /** Newest first, one page: the history `doctor` takes the last traces from. */
  testReports: (testTargetId: string) => `/apiKey/v3/test-targets/${seg(testTargetId)}/test-reports`,
  /** Listing exists only in v2 (v3 creates). */
  environments: (testTargetId: string) => `/apiKey/v2/test-targets/${seg(testTargetId)}/environments`,
};
