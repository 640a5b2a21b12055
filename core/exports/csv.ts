import type { JobView } from "../jobs/job-view";
import { insightsCsv } from "../pipeline/insights-files";

/** The insights as CSV, one row each; before the insights step, the keyword-rule items. */
export const csvExport = (b: JobView): string => insightsCsv(b.insights.report);
