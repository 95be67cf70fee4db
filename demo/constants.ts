/** Where the demo's services listen (127.0.0.1 only) and which fake test target it runs. */
export const DEMO_PORTS = { shop: 4510, api: 4519, traces: 4520 };
export const DEMO_TEST_TARGET_ID = '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc';
/** The JSON report the demo runner checks against the expected outcome. */
export const DEMO_JSON_REPORT = 'test-results/demo.json';
