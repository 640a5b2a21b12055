import { insightsCsv } from "../pipeline/insights-files";
import type { JobBundle } from "./bundle";
import { bundleInsights } from "./provisional-insights";

/** The insights as CSV, one row each; before the insights step, the keyword-rule items. */
export const csvExport = (b: JobBundle): string => insightsCsv(bundleInsights(b).report);
