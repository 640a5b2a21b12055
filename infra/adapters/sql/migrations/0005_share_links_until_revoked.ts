/**
 * Share links need not expire: jobs are kept until deleted, so a link lives as long as its job
 * unless its owner gave it an end (NULL: until revoked or its job deleted).
 */
export default /* sql */ `
ALTER TABLE share_links ALTER COLUMN expires_at DROP NOT NULL;
`;
