import * as v from "valibot";

/** `POST /api/jobs/:jobId/ask`: the question (core checks it: empty or over-long is a 400). */
export const AskBodySchema = v.object({ question: v.unknown() }, 'send {"question": "…"}');

/** `POST /api/ask`: a question across the caller's meetings, or only the ones named. */
export const LibraryAskBodySchema = v.object(
  {
    question: v.unknown(),
    meetings: v.optional(
      v.pipe(v.array(v.string("meetings are job ids")), v.maxLength(200, "name at most 200 meetings")),
    ),
  },
  'send {"question": "…", "meetings"?: ["<jobId>", …]}',
);
