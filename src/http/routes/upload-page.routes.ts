import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { isVigilError } from '../../core/errors.js';
import { DOCUMENT_KINDS } from '../../kyc/document.js';
import { verifyUploadToken } from '../../kyc/upload-links.js';
import { readUpload } from '../multipart.js';
import { STATUS_BY_KIND } from '../problem.js';
import { toUpload } from './documents.routes.js';

const LABELS: Record<string, string> = {
  passport: 'Passport',
  national_id: 'National identity card',
  driving_licence: 'Driving licence',
  residence_permit: 'Residence permit',
  visa: 'Visa',
  bank_statement: 'Bank statement',
  card_statement: 'Card statement',
  utility_bill: 'Utility bill',
  tax_return: 'Tax return',
  registry_extract: 'Company registry extract',
  articles_of_association: 'Articles of association',
  company_address_proof: 'Proof of company address',
  source_of_funds: 'Source of funds',
  source_of_wealth: 'Source of wealth',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}input,select,button{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1.2rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px;cursor:pointer}.muted{color:#5b6475;font-size:.9rem}
li.fail{color:#b91c1c}li.pass{color:#15803d}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function form(expiresAt: Date): string {
  const options = Object.keys(DOCUMENT_KINDS).map((k) => `<option value="${k}">${escape(LABELS[k] ?? k)}</option>`).join('');
  return page(
    'Upload a document',
    `<p>Upload one document at a time: an identity document and a proof of address issued in the last three months.
PDF, JPEG, PNG, WebP or HEIC, up to the size limit.</p>
<form method="post" enctype="multipart/form-data">
<label for="kind">Document</label><select id="kind" name="kind">${options}</select>
<label for="file">File</label><input id="file" type="file" name="file" required accept=".pdf,.jpg,.jpeg,.png,.webp,.heic,application/pdf,image/*">
<label for="mrz">Machine-readable zone (the lines with &lt;&lt;&lt; at the bottom of the ID page), if your document has one</label>
<input id="mrz" name="mrz" autocomplete="off">
<label for="issuedOn">Issue date (proofs of address and company documents)</label><input id="issuedOn" type="date" name="issuedOn">
<label for="expiryDate">Expiry date (identity documents without a machine-readable zone)</label><input id="expiryDate" type="date" name="expiryDate">
<button type="submit">Upload</button></form><p class="muted">This link expires on ${escape(expiresAt.toUTCString())}.</p>`,
  );
}

async function reportError(reply: FastifyReply, err: unknown): Promise<FastifyReply> {
  if (!isVigilError(err)) throw err;
  return reply.code(STATUS_BY_KIND[err.kind]).type('text/html; charset=utf-8').send(page('Upload refused', `<p>${escape(err.message)}</p><p><a href="">Try again</a></p>`));
}

/** The page a customer reaches through a signed upload link; no API key, the link is the credential. */
export function uploadPageRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.strictObject({ token: z.string().min(10).max(600) });
  const key = () => vigil.keyring.derivedKey('upload-link');
  const schema = { hide: true, params };

  r.get('/upload/:token', { config: { access: { signed: 'link' } }, schema }, async (req, reply) => {
    try {
      const { expiresAt } = verifyUploadToken(key(), req.params.token, vigil.clock.now());
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(form(expiresAt));
    } catch (err) {
      return reportError(reply, err);
    }
  });

  r.post('/upload/:token', { config: { access: { signed: 'link' } }, schema }, async (req, reply) => {
    try {
      const { customerId } = verifyUploadToken(key(), req.params.token, vigil.clock.now());
      const { fields, file } = await readUpload(req);
      const doc = await vigil.documents.upload(customerId, toUpload(fields, file), 'customer:upload-link');
      const checks = doc.checks.map((c) => `<li class="${c.status}">${escape(c.text)}</li>`).join('');
      return reply
        .code(201)
        .type('text/html; charset=utf-8')
        .send(page('Thank you', `<p>We received your ${escape(LABELS[doc.kind] ?? doc.kind)}. It will be reviewed shortly.</p>${checks ? `<ul>${checks}</ul>` : ''}<p><a href="">Upload another document</a></p>`));
    } catch (err) {
      return reportError(reply, err);
    }
  });
}
