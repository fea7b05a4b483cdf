/**
 * Reads a source file defensively: the scanner must never crash on odd input.
 * Returns the text, or the reason the file is skipped (binary, undecodable, too large).
 */
import { readFileSync, statSync } from 'node:fs';

/** Files above this size are almost always generated bundles; parsing them costs more than it finds. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadResult = { text: string } | { skipped: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readSourceFile(fileName: string): ReadResult {
  let size: number;
  try {
    const stat = statSync(fileName);
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    size = stat.size;
  } catch (err) {
    return { skipped: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (size > MAX_FILE_BYTES) {
    return { skipped: `too large (${(size / 1024 / 1024).toFixed(1)} MiB > ${MAX_FILE_BYTES / 1024 / 1024} MiB)` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(fileName);
  } catch (err) {
    return { skipped: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return decodeSource(bytes);
}

function decodeSource(bytes: Buffer): ReadResult {
  // UTF-16 with a byte-order mark: decode it rather than calling it binary.
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: bytes.subarray(2).toString('utf16le') };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le') };
  }
  // A stray NUL inside a string literal is valid source; binary files have them everywhere.
  const probe = bytes.subarray(0, 8000);
  let nuls = 0;
  for (const byte of probe) if (byte === 0) nuls++;
  if (nuls > 0 && (nuls > 16 || nuls * 200 > probe.length)) return { skipped: 'binary content (NUL bytes)' };
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { skipped: 'not valid UTF-8 text' };
  }
}
