import { AudioFile, AudioFileTtsCreate, AudioFileUpdate, Id, LanguageTag, PromptText } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, type App } from '../http/app.ts';
import { sendBytes } from '../http/sendBytes.ts';
import type { AudioFileService } from './service.ts';
import { AudioContentFields, AudioUploadFields, readUpload } from './upload.ts';

const FileParams = OrgParams.extend({ fileId: Id });
const TtsPreview = z.object({ text: PromptText, language: LanguageTag }).strict();
const WaveformQuery = z.object({ points: z.coerce.number().int().min(10).max(2000).default(200) }).strict();
const Waveform = z.object({ peaks: z.array(z.number()) });
const tags = ['audio-files'];
const fileField = {
  type: 'string',
  format: 'binary',
  description: 'WAV, MP3, OGG/Opus, WebM/Opus … at most 20 MB and 10 minutes',
};
const sourceField = { type: 'string', enum: ['upload', 'recording'], default: 'upload' };
const uploadBody = {
  type: 'object',
  required: ['name', 'language', 'file'],
  properties: {
    name: { type: 'string', maxLength: 200 },
    language: { type: 'string', description: 'BCP 47 tag, e.g. sv-SE' },
    source: sourceField,
    file: fileField,
  },
};
const contentBody = { type: 'object', required: ['file'], properties: { source: sourceField, file: fileField } };
const binary = (description: string) => ({
  description,
  content: { 'audio/wav': { schema: z.string().describe('binary') } },
});

export function audioFileRoutes(app: App, audioFiles: AudioFileService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/audio-files', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(AudioFile) } },
    handler: (req) => audioFiles.list(req.params.orgId),
  });
  app.post('/orgs/:orgId/audio-files', {
    config,
    schema: {
      tags,
      summary: 'Upload or record an audio file',
      description:
        'multipart/form-data with fields `name`, `language` (BCP 47), `source` (upload|recording) and `file` ' +
        '(WAV, MP3, OGG/Opus …). Converted to 8 kHz mono for telephony; the original is kept for preview. ' +
        '413 payload_too_large, 422 unsupported_audio / corrupt_audio / audio_too_long.',
      consumes: ['multipart/form-data'],
      multipartBody: uploadBody,
      params: OrgParams,
      response: { 201: AudioFile },
    },
    handler: async (req, reply) => {
      const { fields, file } = await readUpload(req, AudioUploadFields);
      return reply.code(201).send(await audioFiles.createFromUpload(req.params.orgId, fields, file));
    },
  });
  app.post('/orgs/:orgId/audio-files/tts', {
    config: { ...config, audit: { objectType: 'audioFile' } },
    schema: {
      tags,
      summary: 'Create an audio file by text-to-speech',
      params: OrgParams,
      body: AudioFileTtsCreate,
      response: { 201: AudioFile },
    },
    handler: async (req, reply) => reply.code(201).send(await audioFiles.createFromText(req.params.orgId, req.body)),
  });
  app.get('/orgs/:orgId/audio-files/:fileId', {
    config,
    schema: { tags, params: FileParams, response: { 200: AudioFile } },
    handler: (req) => audioFiles.get(req.params.orgId, req.params.fileId),
  });
  app.patch('/orgs/:orgId/audio-files/:fileId', {
    config,
    schema: { tags, params: FileParams, body: AudioFileUpdate, response: { 200: AudioFile } },
    handler: (req) => audioFiles.update(req.params.orgId, req.params.fileId, req.body),
  });
  app.delete('/orgs/:orgId/audio-files/:fileId', {
    config,
    schema: {
      tags,
      summary: 'Delete a file (409 in_use listing every place that uses it)',
      params: FileParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await audioFiles.delete(req.params.orgId, req.params.fileId);
      return reply.code(204).send(null);
    },
  });
  app.put('/orgs/:orgId/audio-files/:fileId/content', {
    config,
    schema: {
      tags,
      summary: 'Replace the content (multipart/form-data: file, source)',
      consumes: ['multipart/form-data'],
      multipartBody: contentBody,
      params: FileParams,
      response: { 200: AudioFile },
    },
    handler: async (req) => {
      const { fields, file } = await readUpload(req, AudioContentFields);
      return audioFiles.replaceContent(req.params.orgId, req.params.fileId, fields.source, file);
    },
  });
  app.get('/orgs/:orgId/audio-files/:fileId/content', {
    config,
    schema: {
      tags,
      summary: 'The 8 kHz telephony version (Range supported)',
      params: FileParams,
      produces: ['audio/wav'],
      response: { 200: binary('8 kHz mono WAV') },
    },
    handler: async (req, reply) =>
      sendBytes(req, reply, await audioFiles.telephonyContent(req.params.orgId, req.params.fileId), 'audio/wav'),
  });
  app.get('/orgs/:orgId/audio-files/:fileId/original', {
    config,
    schema: {
      tags,
      summary: 'The original upload, for preview',
      params: FileParams,
      response: { 200: binary('The file as uploaded') },
    },
    handler: async (req, reply) => {
      const original = await audioFiles.originalContent(req.params.orgId, req.params.fileId);
      return sendBytes(req, reply, original.data, original.mimeType);
    },
  });
  app.get('/orgs/:orgId/audio-files/:fileId/waveform', {
    config,
    schema: {
      tags,
      summary: 'Peak levels for drawing the waveform',
      params: FileParams,
      querystring: WaveformQuery,
      response: { 200: Waveform },
    },
    handler: async (req) => ({
      peaks: await audioFiles.waveform(req.params.orgId, req.params.fileId, req.query.points),
    }),
  });
  app.post('/orgs/:orgId/tts/preview', {
    config: { ...config, audit: { skip: 'speaks a text without storing anything' } },
    schema: {
      tags,
      summary: 'Speak a text without storing it (listen button)',
      params: OrgParams,
      body: TtsPreview,
      response: { 200: binary('8 kHz mono WAV') },
    },
    handler: async (req, reply) =>
      sendBytes(req, reply, await audioFiles.preview(req.body.text, req.body.language), 'audio/wav'),
  });
}
