/**
 * A minimal ZIP reader over a Buffer for DBC archives: stored and deflate
 * entries only, read through the central directory, with limits on the number
 * of entries, on each entry's and on the total unpacked size, and inflation
 * capped at the declared size (so a lying header, a ZIP bomb, cannot expand
 * past it). A truncated file or something that is no archive at all fails
 * with a message saying so.
 *
 * Why ours and not a library (issue 13): none is a runtime dependency, and
 * the maintained ones installed here (through dev tools) do not keep these
 * limits. `yauzl` 3.4 checks each entry's size against its header
 * (`validateEntrySizes`) but caps neither the entry count nor the total size,
 * and is callback/stream based; `jszip` 3.10 inflates into memory with no cap
 * on entries or sizes and pulls in four packages (`pako`, `readable-stream`,
 * …). Either would need these checks around it again, so these ~100 lines
 * cost less than a dependency and keep the limits in one place.
 */
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { AccessLensError } from '../../errors';

export interface ZipLimits {
  /** Entries in the central directory, directories included. */
  readonly maxEntries: number;
  /** Uncompressed bytes of one entry. */
  readonly maxEntryBytes: number;
  /** Uncompressed bytes of all entries read together. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxEntryBytes: 50 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024 };

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const WHAT_TO_DO = 'Export the notebook or folder again from Databricks with Export → DBC Archive.';

function bad(message: string, cause?: unknown): AccessLensError {
  return new AccessLensError('BAD_ARCHIVE', `${message} ${WHAT_TO_DO}`, [], cause === undefined ? undefined : { cause });
}

/** The end-of-central-directory record: searched backwards over the comment it may carry (at most 64 KiB). */
function findEocd(zip: Buffer): number {
  const last = zip.length - EOCD_SIZE;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (zip.readUInt32LE(at) === EOCD && at + EOCD_SIZE + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  return -1;
}

/**
 * The files of a ZIP archive, read through its central directory (the
 * authoritative list) and each entry's local header. Directories are left
 * out. Throws an AccessLensError (`BAD_ARCHIVE`) naming what is wrong.
 */
export function readZipEntries(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  if (zip.length < EOCD_SIZE) throw bad(zip.length === 0 ? 'The file is empty, not a DBC archive.' : `The file is too short (${zip.length} bytes) to be a DBC archive.`);
  const eocd = findEocd(zip);
  if (eocd === -1) {
    throw bad(zip.readUInt32LE(0) === LOCAL ? 'The archive is truncated: its end (the ZIP central directory) is missing, so the download or copy was cut short.' : 'The file is not a DBC archive (a ZIP file): no ZIP central directory was found.');
  }
  const count = zip.readUInt16LE(eocd + 10);
  const directorySize = zip.readUInt32LE(eocd + 12);
  const directoryStart = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryStart === 0xffffffff) throw bad('The archive is a ZIP64 file, which DBC archives never are.');
  if (count > limits.maxEntries) throw bad(`The archive holds ${count} entries, more than the ${limits.maxEntries} read here.`);
  if (directoryStart + directorySize > eocd) throw bad('The archive is damaged: its central directory lies outside the file.');
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryStart;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || zip.readUInt32LE(at) !== CENTRAL) throw bad(`The archive is damaged: entry ${n + 1} of its central directory is unreadable.`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (next > eocd) throw bad(`The archive is damaged: entry ${n + 1} of its central directory runs past its end.`);
    const name = zip.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    at = next;
    if (name.endsWith('/')) continue;
    if ((flags & 1) !== 0) throw bad(`"${name}" is encrypted, which DBC archives never are.`);
    if (method !== 0 && method !== 8) throw bad(`"${name}" uses ZIP compression method ${method}; only stored and deflated entries are read.`);
    if (size > limits.maxEntryBytes) throw bad(`"${name}" would unpack to ${size} bytes, more than the ${limits.maxEntryBytes} read for one notebook.`);
    total += size;
    if (total > limits.maxTotalBytes) throw bad(`The archive would unpack to more than ${limits.maxTotalBytes} bytes in all.`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw bad(`The archive is damaged: the data of "${name}" is missing.`);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (dataStart + compressed > zip.length) throw bad(`The archive is truncated: the data of "${name}" runs past the end of the file.`);
    const raw = zip.subarray(dataStart, dataStart + compressed);
    let data: Buffer;
    try {
      // The declared size may lie (a ZIP bomb): inflating stops at the limit, whatever the header says.
      data = method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(size, limits.maxEntryBytes)) });
    } catch (error) {
      throw bad(`The archive is damaged: "${name}" does not unpack (${(error as Error).message}).`, error);
    }
    if (data.length !== size) throw bad(`The archive is damaged: "${name}" unpacks to ${data.length} bytes, not the ${size} it declares.`);
    // zlib.crc32 arrived in Node 20.15 / 22.2; an older host skips the check.
    if (typeof zlibCrc32 === 'function' && zlibCrc32(data) >>> 0 !== crc) throw bad(`The archive is damaged: "${name}" fails its checksum.`);
    entries.push({ name, data });
  }
  return entries;
}
