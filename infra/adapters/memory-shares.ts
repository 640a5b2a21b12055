import type { ShareLink, ShareStore } from "../../core/ports";

/** Share links in memory, expiring like Redis keys (embedded mode, tests). */
export function createMemoryShareStore(now: () => number = Date.now): ShareStore {
  const links = new Map<string, { link: ShareLink; expiresAt: number }>();
  const live = (id: string) => {
    const entry = links.get(id);
    if (entry && entry.expiresAt <= now()) links.delete(id);
    return entry && entry.expiresAt > now() ? entry.link : null;
  };
  return {
    async put(link, ttlSeconds) {
      links.set(link.id, { link: { ...link }, expiresAt: now() + ttlSeconds * 1000 });
    },
    async get(id) {
      const link = live(id);
      return link ? { ...link } : null;
    },
    async list(jobId) {
      return [...links.keys()]
        .map(live)
        .filter((l): l is ShareLink => l?.jobId === jobId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((l) => ({ ...l }));
    },
    async delete(id) {
      links.delete(id);
    },
  };
}
