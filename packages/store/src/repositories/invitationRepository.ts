import { newId, toCount, toIso } from '../codec.ts';
import type { Db, InvitationsTable } from '../database.ts';
import type { Invitation, InvitationRepository } from '../ports.ts';

const toInvitation = (row: InvitationsTable): Invitation => ({
  id: row.id,
  organisationId: row.organisation_id,
  userId: row.user_id,
  email: row.email,
  tokenHash: row.token_hash,
  createdByAccountId: row.created_by_account_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export class KyselyInvitationRepository implements InvitationRepository {
  constructor(private readonly db: Db) {}

  async create(organisationId: string, invitation: Omit<Invitation, 'id' | 'organisationId'>): Promise<Invitation> {
    const row: InvitationsTable = {
      id: newId(),
      organisation_id: organisationId,
      user_id: invitation.userId,
      email: invitation.email.trim().toLowerCase(),
      token_hash: invitation.tokenHash,
      created_by_account_id: invitation.createdByAccountId,
      created_at: toIso(invitation.createdAt, 'createdAt'),
      expires_at: toIso(invitation.expiresAt, 'expiresAt'),
    };
    await this.db.insertInto('invitations').values(row).execute();
    return toInvitation(row);
  }

  async getByTokenHash(tokenHash: string): Promise<Invitation | null> {
    const row = await this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toInvitation(row) : null;
  }

  async deleteForUser(organisationId: string, userId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('invitations')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return toCount(result.numDeletedRows);
  }
}
