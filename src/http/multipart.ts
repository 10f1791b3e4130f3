import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { VigilError } from '../core/errors.js';
import { HttpErrors } from './errors.js';

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: { bytes: Buffer; declaredMime: string; fileName: string };
}

/** Reads a multipart/form-data upload: text fields plus exactly one file in the part named `file`. */
export async function readUpload(req: FastifyRequest, opts: { maxBytes?: number } = {}): Promise<ReceivedUpload> {
  if (!req.isMultipart()) {
    throw new VigilError(HttpErrors.UNSUPPORTED_MEDIA_TYPE, 'send the document as multipart/form-data with a part named "file"', {});
  }
  const fields: Record<string, string> = {};
  let file: ReceivedUpload['file'] | undefined;
  for await (const part of req.parts(opts.maxBytes ? { limits: { fileSize: opts.maxBytes } } : undefined)) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer();
        throw new VigilError(HttpErrors.VALIDATION_FAILED, 'send exactly one file, in the part named "file"', {});
      }
      file = { bytes: await part.toBuffer(), declaredMime: part.mimetype, fileName: part.filename };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!file) throw new VigilError(HttpErrors.VALIDATION_FAILED, 'the upload has no file; send it in a part named "file"', {});
  return { fields, file };
}
