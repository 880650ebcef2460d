import type { FastifyRequest } from 'fastify';
import { DisplayName, DomainError, LanguageTag, RuleViolation, textProblem, type FieldError } from '@vaxel/domain';
import { z } from 'zod';
import { noteUploadForAudit } from '../audit/auditTrail.ts';
import { zodFieldErrors } from '../problem.ts';
import { findUnstorableText } from '../http/textGuard.ts';

/** The form fields that come with an uploaded or recorded audio file (R41). */
export const AudioUploadFields = z
  .object({
    name: DisplayName,
    language: LanguageTag,
    source: z.enum(['upload', 'recording']).default('upload'),
  })
  .strict();

export const AudioContentFields = z.object({ source: z.enum(['upload', 'recording']).default('upload') }).strict();

export type UploadedFile = { data: Buffer; mimeType: string; fileName: string | null };

/**
 * Reads a multipart/form-data request: text fields and exactly one part named `file`. The
 * multipart plugin enforces the byte limit (413 payload_too_large).
 */
export async function readUpload<T extends z.ZodType>(
  request: FastifyRequest,
  fieldsSchema: T,
): Promise<{ fields: z.output<T>; file: UploadedFile }> {
  if (!request.isMultipart()) {
    throw new RuleViolation([
      { path: 'file', message: 'send multipart/form-data with the audio in a field named file' },
    ]);
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  try {
    file = await readParts(request, fields);
  } catch (error) {
    // The parser's own framing errors (no boundary, cut-off body) carry no status: the client's fault.
    if (error instanceof DomainError || typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
    throw new RuleViolation([
      { path: 'file', message: `the multipart/form-data body is malformed (${(error as Error).message})` },
    ]);
  }
  const broken = [...findUnstorableText(fields), ...damagedText(fields, file)];
  if (broken.length > 0) throw new RuleViolation(broken);
  const parsed = fieldsSchema.safeParse(fields);
  if (!parsed.success) throw new RuleViolation(zodFieldErrors(parsed.error.issues));
  if (!file) throw new RuleViolation([{ path: 'file', message: 'the audio file is missing' }]);
  noteUploadForAudit(request, {
    field: 'file',
    fileName: file.fileName,
    mimeType: file.mimeType,
    bytes: file.data.length,
  });
  return { fields: parsed.data, file };
}

/**
 * The multipart parser decodes form fields and file names leniently, so bytes that are not UTF-8
 * arrive as U+FFFD; such a field is refused rather than stored with the damage. A file name is
 * shown in the console like any name, so it follows the same rules.
 */
function damagedText(fields: Record<string, string>, file: UploadedFile | null): FieldError[] {
  const errors: FieldError[] = Object.entries(fields)
    .filter(([, value]) => value.includes('\ufffd'))
    .map(([path]) => ({
      path,
      message: 'contains U+FFFD, the mark left where bytes were not valid UTF-8; send form fields as UTF-8 text',
    }));
  const nameProblem = file?.fileName ? textProblem(file.fileName) : null;
  if (nameProblem) errors.push({ path: 'file', message: `the file name ${nameProblem}` });
  return errors;
}

async function readParts(request: FastifyRequest, fields: Record<string, string>): Promise<UploadedFile | null> {
  let file: UploadedFile | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.fieldname !== 'file' || file) {
        throw new RuleViolation([{ path: part.fieldname, message: 'send exactly one file, in the field named file' }]);
      }
      file = {
        data,
        mimeType: safeAudioMimeType(part.mimetype),
        fileName: part.filename ? part.filename.slice(0, 255) : null,
      };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return file;
}

/**
 * The client names the MIME type of its upload, and the original is served back with it for
 * preview: only audio (and the containers browsers record into) is believed, so an upload can
 * never be served as, say, text/html.
 */
export function safeAudioMimeType(claimed: string | undefined): string {
  const type = (claimed ?? '').split(';')[0]!.trim().toLowerCase();
  return /^audio\/[a-z0-9.+-]{1,60}$/.test(type) || /^video\/(webm|ogg|mp4)$/.test(type)
    ? type
    : 'application/octet-stream';
}
