import * as v from "valibot";
import { MAX_PAGE_SIZE } from "../../core/search/model";

const whole = (name: string, max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, `${name} must be a whole number from 1 to ${max}`),
      v.transform(Number),
      v.minValue(1, `${name} must be a whole number from 1 to ${max}`),
      v.maxValue(max, `${name} must be a whole number from 1 to ${max}`),
    ),
  );

/** The query string of GET /api/search (`meeting` may repeat; core checks q, dates and names). */
export const SearchQuerySchema = v.object({
  q: v.optional(v.string(), ""),
  speaker: v.optional(v.string()),
  from: v.optional(v.string()),
  to: v.optional(v.string()),
  page: whole("page", 1000),
  pageSize: whole("pageSize", MAX_PAGE_SIZE),
});
