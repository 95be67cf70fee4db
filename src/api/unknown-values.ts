import { cleanLine } from '../text/clean.js';
import { KNOWN_REPORT_STATUSES, KNOWN_RESULT_STATUSES, type ApiTestReport } from './schemas.js';

/**
 * Statuses Octomind may add after this release are kept as they are (never a parse failure) and
 * reported once per value, so a user sees why a result is treated as unknown.
 */
export class UnknownValueReporter {
  private readonly seen = new Set<string>();

  constructor(private readonly warn: (message: string) => void) {}

  check(report: ApiTestReport): void {
    if (report.status !== undefined && !(KNOWN_REPORT_STATUSES as readonly string[]).includes(report.status)) {
      this.once(`report status "${cleanLine(report.status)}"`);
    }
    for (const result of report.testResults ?? []) {
      if (result.status !== undefined && !(KNOWN_RESULT_STATUSES as readonly string[]).includes(result.status)) {
        this.once(`test result status "${cleanLine(result.status)}"`);
      }
    }
  }

  private once(what: string): void {
    if (this.seen.has(what)) return;
    this.seen.add(what);
    this.warn(`Octomind sent an unknown ${what}; this version of playwright-octomind keeps it as is. Update playwright-octomind to get its meaning.`);
  }
}
