/**
 * Click ids as every Trackpost build makes them: 24 lower-case hex characters in the ObjectId
 * layout (4-byte big-endian Unix seconds, 5 random bytes, 3-byte counter), so clicks the bench
 * writes straight into a database sort by time like live ones. Kept here rather than imported,
 * so that the bench can write clicks for a build other than this one (--compare).
 */
import { randomBytes } from 'node:crypto';

const processBytes = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

export function benchClickId(nowMs: number): string {
  const id = Buffer.allocUnsafe(12);
  id.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  processBytes.copy(id, 4);
  counter = (counter + 1) & 0xffffff;
  id.writeUIntBE(counter, 9, 3);
  return id.toString('hex');
}
