/**
 * A meeting's passages and term counts are deleted with it by DELETE_MEETING (search-sql.ts), not by
 * foreign keys: the check each key made on every inserted row was a third of the cost of writing a
 * meeting's term counts on PGlite (`npm run bench search`, indexing).
 */
export default /* sql */ `
ALTER TABLE search_terms DROP CONSTRAINT search_terms_meeting_id_fkey;
ALTER TABLE search_passages DROP CONSTRAINT search_passages_meeting_id_fkey;
`;
