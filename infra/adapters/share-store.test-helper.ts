import { expect } from "vitest";
import { newShareToken, type ShareLink, shareIdOf } from "../../core/jobs/share-link";
import type { ShareStore } from "../../core/ports";

export const SHARED_JOB = "20251001-120000-abcdef0123456789abcdef01";
export const OTHER_SHARED_JOB = "20251001-120000-ffffffffffffffffffffffff";
const JOB = SHARED_JOB;
const OTHER = OTHER_SHARED_JOB;
const link = (jobId: string, createdAt: string): ShareLink => ({
  id: shareIdOf(newShareToken()),
  jobId,
  owner: "token:0123456789abcdef",
  createdAt,
});

/** What every ShareStore must do: put, get, list per job (oldest first), delete, expire. */
export async function checkShareStore(
  store: ShareStore,
  expire: (id: string) => Promise<void>,
): Promise<void> {
  const first = link(JOB, "2025-10-01T12:00:01.000Z");
  const second = link(JOB, "2025-10-01T12:00:02.000Z");
  const elsewhere = link(OTHER, "2025-10-01T12:00:03.000Z");
  // Links with no end last until revoked or their job deleted.
  for (const l of [second, first, elsewhere]) await store.put(l);
  expect(await store.get(first.id)).toEqual(first);
  expect(await store.get(shareIdOf(newShareToken()))).toBeNull();
  expect(await store.list(JOB)).toEqual([first, second]);
  await store.delete(first.id);
  expect(await store.get(first.id)).toBeNull();
  expect(await store.list(JOB)).toEqual([second]);
  expect(await store.list(OTHER)).toEqual([elsewhere]);
  await expire(second.id);
  expect(await store.get(second.id)).toBeNull();
  expect(await store.list(JOB)).toEqual([]);
}
