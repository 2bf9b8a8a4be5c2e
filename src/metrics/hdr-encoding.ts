/**
 * The HdrHistogram V2 compressed encoding ("HISTFAAA…"), written here so a run does not load
 * hdr-histogram-js's codec (with pako and every histogram class, about 7 MB of memory) just to
 * encode its histograms once at the end. Byte for byte what the library writes: a V2 header, the
 * counts as ZigZag LEB128-64b9B words with runs of zeros as negative counts, deflated with zlib
 * (the library uses Node's zlib too), then base64. Decoding stays with the library.
 *
 * One field is canonical rather than copied: the highest trackable value is written as the top of
 * the max value's bucket. An auto-resized histogram's own highest value depends on which value made
 * it grow, so two histograms with the same counts (one recorded whole, one merged from parts) would
 * otherwise encode differently. The decoder only needs it to cover the max value.
 */
import { deflateSync } from 'node:zlib';

/** What the encoder reads from a plain-JS HDR histogram (present at runtime, partly untyped). */
export interface EncodableHistogram {
  readonly maxValue: number;
  readonly numberOfSignificantValueDigits: number;
  readonly lowestDiscernibleValue: number;
  countsArrayIndex(value: number): number;
  getCountAtIndex(index: number): number;
  highestEquivalentValue(value: number): number;
}

const V2_ENCODING_COOKIE = 0x1c849303 | 0x10;
const V2_COMPRESSED_ENCODING_COOKIE = 0x1c849304 | 0x10;
const HEADER_BYTES = 40;

/** The histogram as compressed base64 V2, exactly as `encodeIntoCompressedBase64()` would give it. */
export function encodeCompressedBase64(histogram: EncodableHistogram): string {
  const payload = encodeCounts(histogram);
  const plain = Buffer.alloc(HEADER_BYTES + payload.length);
  plain.writeUInt32BE(V2_ENCODING_COOKIE >>> 0, 0);
  plain.writeUInt32BE(payload.length, 4);
  plain.writeUInt32BE(1, 8); // normalizing index offset
  plain.writeUInt32BE(histogram.numberOfSignificantValueDigits, 12);
  writeInt64(plain, histogram.lowestDiscernibleValue, 16);
  writeInt64(plain, canonicalHighest(histogram), 24);
  writeInt64(plain, 1, 32); // integer to double conversion ratio
  payload.copy(plain, HEADER_BYTES);
  const compressed = deflateSync(plain);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(V2_COMPRESSED_ENCODING_COOKIE >>> 0, 0);
  head.writeUInt32BE(compressed.length, 4);
  return Buffer.concat([head, compressed]).toString('base64');
}

/** The top of the max value's bucket (at least 2, the smallest range the decoder accepts). */
export function canonicalHighest(h: EncodableHistogram): number {
  return Math.max(2 * h.lowestDiscernibleValue, h.highestEquivalentValue(h.maxValue));
}

/** The counts up to the max value's bucket: each count, or a run of zeros as −(run length). */
function encodeCounts(h: EncodableHistogram): Buffer {
  const limit = h.countsArrayIndex(h.maxValue) + 1;
  const bytes: number[] = [];
  for (let i = 0; i < limit; ) {
    const count = h.getCountAtIndex(i++);
    if (count < 0) throw new Error(`cannot encode a histogram with a negative count (${count}) at index ${i - 1}`);
    let zeros = 0;
    if (count === 0) {
      zeros = 1;
      while (i < limit && h.getCountAtIndex(i) === 0) {
        zeros++;
        i++;
      }
    }
    putZigZag(bytes, zeros > 1 ? -zeros : count);
  }
  return Buffer.from(bytes);
}

/** ZigZag, then LEB128-64b9B: 7 bits a byte for up to 8 bytes, the 9th byte whole. */
function putZigZag(out: number[], n: number): void {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  for (let i = 0; i < 8; i++) {
    if (v < 128) {
      out.push(v);
      return;
    }
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v % 256);
}

function writeInt64(buffer: Buffer, value: number, offset: number): void {
  buffer.writeUInt32BE(Math.floor(value / 2 ** 32) >>> 0, offset);
  buffer.writeUInt32BE(value >>> 0, offset + 4);
}
