import { NotFound, type AudioFile } from '@vaxel/domain';
import { newId, nowIso } from '../codec.ts';
import type { AudioFilesTable, Db } from '../database.ts';
import type { AudioFileRepository } from '../ports.ts';

type NewAudioFile = Omit<AudioFile, 'id' | 'organisationId' | 'createdAt' | 'updatedAt'>;

const toAudioFile = (row: AudioFilesTable): AudioFile => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  language: row.language,
  source: row.source as AudioFile['source'],
  ttsText: row.tts_text,
  durationMs: row.duration_ms,
  originalMimeType: row.original_mime_type,
  originalFileName: row.original_file_name,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const columns = (file: NewAudioFile) => ({
  name: file.name,
  language: file.language,
  source: file.source,
  tts_text: file.ttsText,
  duration_ms: file.durationMs,
  original_mime_type: file.originalMimeType,
  original_file_name: file.originalFileName,
});

export class KyselyAudioFileRepository implements AudioFileRepository {
  constructor(private readonly db: Db) {}

  async list(organisationId: string): Promise<AudioFile[]> {
    const rows = await this.db
      .selectFrom('audio_files')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toAudioFile);
  }

  async get(organisationId: string, id: string): Promise<AudioFile | null> {
    const row = await this.db
      .selectFrom('audio_files')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAudioFile(row) : null;
  }

  async create(organisationId: string, file: NewAudioFile): Promise<AudioFile> {
    const now = nowIso();
    const row: AudioFilesTable = {
      id: newId(),
      organisation_id: organisationId,
      ...columns(file),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('audio_files').values(row).execute();
    return toAudioFile(row);
  }

  async update(organisationId: string, file: AudioFile): Promise<AudioFile> {
    const result = await this.db
      .updateTable('audio_files')
      .set({ ...columns(file), updated_at: nowIso() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', file.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('audio file', file.id);
    return (await this.get(organisationId, file.id)) as AudioFile;
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('audio_files')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }
}
