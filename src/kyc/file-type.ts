/**
 * Content-based type checks for uploaded identity documents and proofs of address. Pure: no I/O.
 * The name and the declared MIME type come from the customer's browser and prove nothing, so the
 * type is read from the bytes; name and declared type may only confirm it, never override it.
 *
 * `checkUpload` order (first failure wins):
 *   1. empty, then larger than `maxBytes`;
 *   2. executables, scripts, archives and markup, by their leading bytes, before anything else:
 *      readers find `%PDF-` anywhere in the first 1024 bytes, so a script could otherwise pass as PDF;
 *   3. anything that is none of the accepted types;
 *   4. an image that also carries a PDF header (a polyglot);
 *   5. a PDF with active content (see `pdfActiveContent`);
 *   6. a declared MIME type or file extension that names another type than the content.
 */
import { Buffer } from 'node:buffer';
import { constants, inflateSync } from 'node:zlib';
import { VigilError } from '../core/errors.js';
import { KycErrors } from './errors.js';

export type AcceptedMime = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

export interface UploadOptions {
  maxBytes: number;
  declaredMime?: string;
  fileName?: string;
}

const PDF_HEADER_WINDOW = 1024;
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1']);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffFileType(bytes: Uint8Array): AcceptedMime | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  // ISO BMFF: box size (4 bytes), then the `ftyp` box type and the major brand. AVIF shares the
  // container but has its own major brand, so it is not mistaken for HEIF here.
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
  if (ascii(bytes, 0, PDF_HEADER_WINDOW).includes('%PDF-')) return 'application/pdf';
  return null;
}

export function checkUpload(bytes: Uint8Array, opts: UploadOptions): { mime: AcceptedMime } {
  if (bytes.length === 0) throw new VigilError(KycErrors.KYC_UPLOAD_EMPTY, 'the uploaded file is empty');
  // Written as "not within" so that a NaN limit (a wiring bug) rejects rather than admits everything.
  if (!(bytes.length <= opts.maxBytes)) {
    throw new VigilError(KycErrors.KYC_UPLOAD_TOO_LARGE, `the file has ${bytes.length} bytes; at most ${opts.maxBytes} are accepted`, {
      size: bytes.length,
      maxBytes: opts.maxBytes,
    });
  }
  const mime = acceptedContent(bytes);
  const conflict = declaredConflict(mime, opts);
  if (conflict !== null) {
    throw new VigilError(KycErrors.KYC_UPLOAD_TYPE_MISMATCH, `the content is ${mime} but ${conflict}`, { mime });
  }
  return { mime };
}

/** Steps 2–5: the accepted type of the content, or a KYC_UPLOAD_TYPE_REJECTED naming what it is. */
function acceptedContent(bytes: Uint8Array): AcceptedMime {
  const reject = (what: string, detected: string): never => {
    throw new VigilError(KycErrors.KYC_UPLOAD_TYPE_REJECTED, `the file ${what}; only PDF, JPEG, PNG, WebP and HEIC are accepted`, { detected });
  };
  const dangerous = dangerousContent(bytes);
  if (dangerous !== null) return reject(`looks like ${dangerous}`, dangerous);
  const mime = sniffFileType(bytes);
  if (mime === null) return reject(`is ${describeUnknown(bytes)}`, 'unknown');
  if (mime !== 'application/pdf' && ascii(bytes, 0, PDF_HEADER_WINDOW).includes('%PDF-')) {
    return reject(`is both ${mime} and PDF (a polyglot)`, 'polyglot');
  }
  const active = mime === 'application/pdf' ? pdfActiveContent(bytes) : null;
  if (active !== null) return reject(`is a PDF with ${active}`, 'pdf_active_content');
  return mime;
}

interface Signature {
  what: string;
  matches: (b: Uint8Array) => boolean;
}

const MACHO_MAGICS = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
];
const CAFEBABE = [0xca, 0xfe, 0xba, 0xbe];
// Java class files and Mach-O fat binaries share CAFEBABE; file(1) tells them apart by the next
// word: a fat binary's architecture count is small, a class file's version is 45 or more.
const fatArchCount = (b: Uint8Array): number => (b.length >= 8 ? new DataView(b.buffer, b.byteOffset + 4, 4).getUint32(0) : 0);
const anyOf =
  (...magics: number[][]) =>
  (b: Uint8Array): boolean =>
    magics.some((m) => startsWith(b, m));

/** Markup a browser would render, and batch files; matched after a BOM and leading whitespace. */
const ACTIVE_TEXT = /^(?:<!doctype\s+html|<html|<head|<body|<script|<iframe|<svg|<\?xml|<\?php|<%|@echo\s+off)/i;

const DANGEROUS: Signature[] = [
  { what: 'a Windows executable (PE, "MZ")', matches: anyOf([0x4d, 0x5a]) },
  { what: 'an ELF executable', matches: anyOf([0x7f, 0x45, 0x4c, 0x46]) },
  { what: 'a Mach-O executable', matches: anyOf(...MACHO_MAGICS) },
  {
    what: 'a Mach-O universal binary',
    matches: (b) => startsWith(b, [0xca, 0xfe, 0xba, 0xbf]) || (startsWith(b, CAFEBABE) && fatArchCount(b) < 45),
  },
  { what: 'a Java class file', matches: (b) => startsWith(b, CAFEBABE) && fatArchCount(b) >= 45 },
  {
    what: 'a ZIP archive (or an Office, OpenDocument, JAR or APK file, which are ZIPs)',
    matches: anyOf([0x50, 0x4b, 3, 4], [0x50, 0x4b, 5, 6], [0x50, 0x4b, 7, 8]),
  },
  {
    what: 'an OLE2 compound file (legacy Office document or MSI installer)',
    matches: anyOf([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  },
  {
    what: 'a RAR, 7-Zip or gzip archive',
    matches: anyOf([0x52, 0x61, 0x72, 0x21], [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], [0x1f, 0x8b]),
  },
  { what: 'a script (starts with "#!")', matches: (b) => leadingText(b).startsWith('#!') },
  { what: 'HTML, XML, SVG or another markup or server-side script', matches: (b) => ACTIVE_TEXT.test(leadingText(b)) },
];

function dangerousContent(bytes: Uint8Array): string | null {
  return DANGEROUS.find((s) => s.matches(bytes))?.what ?? null;
}

function describeUnknown(bytes: Uint8Array): string {
  const head = bytes.subarray(0, PDF_HEADER_WINDOW);
  // Text without a recognised header is most often a shell or other script pasted into a file.
  if (head.every((c) => c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) return 'plain text (possibly a script)';
  const hex = [...bytes.subarray(0, 4)].map((c) => c.toString(16).padStart(2, '0')).join(' ');
  return `of an unrecognised type (first bytes ${hex})`;
}

const PDF: AcceptedMime = 'application/pdf';
const JPEG: AcceptedMime = 'image/jpeg';
const HEIC: AcceptedMime = 'image/heic';
const MIME_NAMES = new Map<string, AcceptedMime>([
  ['application/pdf', PDF], ['application/x-pdf', PDF],
  ['image/jpeg', JPEG], ['image/jpg', JPEG], ['image/pjpeg', JPEG],
  ['image/png', 'image/png'], ['image/x-png', 'image/png'], ['image/webp', 'image/webp'],
  ['image/heic', HEIC], ['image/heif', HEIC], ['image/heic-sequence', HEIC], ['image/heif-sequence', HEIC],
]);
const EXTENSIONS = new Map<string, AcceptedMime>([
  ['pdf', PDF], ['jpg', JPEG], ['jpeg', JPEG], ['jpe', JPEG], ['jfif', JPEG],
  ['png', 'image/png'], ['webp', 'image/webp'], ['heic', HEIC], ['heif', HEIC], ['hif', HEIC],
]);
/** What browsers send when they do not know the type: a claim of nothing. */
const UNSPECIFIC_MIME = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * Why the declared type or the name contradicts `mime`, or null. Any extension-like suffix
 * (1–10 letters or digits after the last dot) must belong to the content's type: a PDF named
 * `scan.html` or `scan.exe` is refused even though the bytes are fine, because the name travels
 * with the file to whoever downloads it. The name itself stays out of the message (it may be PII).
 */
function declaredConflict(mime: AcceptedMime, opts: UploadOptions): string | null {
  // Capped: the value comes from the client and ends up in the message.
  const declared = (opts.declaredMime ?? '').split(';')[0]?.trim().toLowerCase().slice(0, 100) ?? '';
  if (!UNSPECIFIC_MIME.has(declared) && MIME_NAMES.get(declared) !== mime) return `it was declared as ${declared}`;
  const base = (opts.fileName ?? '').split(/[\\/]/).pop() ?? '';
  // Windows drops trailing dots and spaces, so `scan.jpg.` opens as `scan.jpg`.
  const trimmed = base.replace(/[.\s]+$/, '');
  const dot = trimmed.lastIndexOf('.');
  const ext = dot === -1 ? '' : trimmed.slice(dot + 1).toLowerCase();
  if (/^[a-z0-9]{1,10}$/.test(ext) && EXTENSIONS.get(ext) !== mime) return `the file name ends in .${ext}`;
  return null;
}

const LONG_ACTIVE_NAMES = ['JavaScript', 'Launch', 'EmbeddedFile', 'EmbeddedFiles'];
const OTHER_FILTERS = ['ASCIIHexDecode', 'ASCII85Decode', 'LZWDecode', 'RunLengthDecode', 'Crypt', 'DCTDecode', 'JPXDecode'];
const MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;

interface PdfStream {
  dict: string;
  start: number;
  end: number;
}

/**
 * Best-effort detection of PDF active content, a defence in depth (the console must still serve
 * uploads as downloads). Names are decoded (`/J#61vaScript` is `/JavaScript`). The long names are
 * looked for everywhere, stream data included, as they are too long to occur there by chance; `/JS`
 * only outside stream data, where three bytes would. Compressed object streams (PDF 1.5+) are
 * inflated and searched too; one that cannot be read (encrypted, unknown filter, corrupt) is
 * reported, because it could hide exactly what this looks for.
 */
function pdfActiveContent(bytes: Uint8Array): string | null {
  const text = latin1(bytes);
  const { outside, streams } = splitStreams(text);
  const everywhere = pdfNames(text);
  const outsideStreams = pdfNames(outside);
  const hit = LONG_ACTIVE_NAMES.find((n) => everywhere.has(n)) ?? (outsideStreams.has('JS') ? 'JS' : undefined);
  if (hit !== undefined) return `active content (/${hit})`;
  const encrypted = outsideStreams.has('Encrypt');
  for (const stream of streams) {
    const dict = pdfNames(stream.dict);
    if (!dict.has('ObjStm')) continue;
    const inner = encrypted || OTHER_FILTERS.some((f) => dict.has(f)) ? null : inflateObjectStream(bytes, stream, dict.has('FlateDecode'));
    if (inner === null) return 'an object stream that cannot be inspected for active content (encrypted, unusual filter or corrupt)';
    const names = pdfNames(inner);
    const innerHit = [...LONG_ACTIVE_NAMES, 'JS'].find((n) => names.has(n));
    if (innerHit !== undefined) return `active content (/${innerHit}) inside a compressed object stream`;
  }
  return null;
}

/** Cuts `stream … endstream` data out of the file; `dict` is the text from the owning `obj` on. */
function splitStreams(text: string): { outside: string; streams: PdfStream[] } {
  const streams: PdfStream[] = [];
  const parts: string[] = [];
  const keyword = /(?<![A-Za-z])stream(?:\r\n|\n|\r)/g;
  let cursor = 0;
  for (let m = keyword.exec(text); m !== null; m = keyword.exec(text)) {
    const start = m.index + m[0].length;
    const found = text.indexOf('endstream', start);
    const end = found === -1 ? text.length : found;
    const before = text.slice(cursor, m.index);
    parts.push(before);
    streams.push({ dict: before.slice(Math.max(0, before.lastIndexOf('obj'))), start, end });
    cursor = end;
    keyword.lastIndex = end;
  }
  parts.push(text.slice(cursor));
  return { outside: parts.join('\n'), streams };
}

function inflateObjectStream(bytes: Uint8Array, stream: PdfStream, flate: boolean): string | null {
  const data = bytes.subarray(stream.start, stream.end);
  if (!flate) return latin1(data);
  try {
    // Sync flush tolerates a missing end marker, which sloppy writers leave; the cap stops bombs.
    return latin1(inflateSync(data, { maxOutputLength: MAX_OBJECT_STREAM_BYTES, finishFlush: constants.Z_SYNC_FLUSH }));
  } catch {
    return null;
  }
}

/** PDF name tokens (ISO 32000-1 §7.3.5) with `#xx` escapes decoded. */
function pdfNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\/([^\s/()<>[\]{}%]+)/g)) {
    names.add((m[1] ?? '').replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  }
  return names;
}

function leadingText(bytes: Uint8Array): string {
  return ascii(bytes, 0, 512).replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((c, i) => bytes[i] === c);
}

/** Bytes as one character each (latin1), so offsets in the string are offsets in the file. */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  return latin1(bytes.subarray(start, end));
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
