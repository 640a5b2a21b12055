import { deflateRawSync } from "node:zlib";

/**
 * Test-only: a zip whose entries are already-deflated bytes and whose headers claim whatever size
 * one likes, as a hostile upload's would. fflate builds honest zips only.
 */
export interface ZipEntry {
  name: string;
  /** Raw deflate data (method 8). */
  deflated: Uint8Array;
  /** The uncompressed size the headers claim. */
  claimedSize: number;
}

export function lyingZip(entries: ZipEntry[]): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt32LE(e.deflated.length, 18);
    head.writeUInt32LE(e.claimedSize, 22);
    head.writeUInt16LE(name.length, 26);
    local.push(head, name, Buffer.from(e.deflated));
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.deflated.length, 20);
    dir.writeUInt32LE(e.claimedSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += head.length + name.length + e.deflated.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, dirBytes, end]));
}

/** `bytes` of one repeated character, deflated: about a thousandth of the size. */
export const deflatedRun = (bytes: number, char = " "): Uint8Array =>
  new Uint8Array(deflateRawSync(Buffer.alloc(bytes, char), { level: 9 }));
