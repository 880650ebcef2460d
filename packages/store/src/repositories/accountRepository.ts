import { toCount, toIso, newId } from '../codec.ts';
import type { AccountsTable, Db, PasswordResetsTable, TokensTable } from '../database.ts';
import type { Account, AccountRepository, ApiToken, NewApiToken, PasswordReset } from '../ports.ts';

const toAccount = (row: AccountsTable): Account => ({
  id: row.id,
  email: row.email,
  name: row.name,
  passwordHash: row.password_hash,
});

const toToken = (row: TokensTable): ApiToken => ({
  tokenHash: row.token_hash,
  id: row.id,
  accountId: row.account_id,
  kind: row.kind as ApiToken['kind'],
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  address: row.address,
  userAgent: row.user_agent,
});

const toReset = (row: PasswordResetsTable): PasswordReset => ({
  tokenHash: row.token_hash,
  accountId: row.account_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** Login e-mail addresses are compared case-insensitively: they are kept in lower case. */
const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export class KyselyAccountRepository implements AccountRepository {
  constructor(private readonly db: Db) {}

  async getByEmail(email: string): Promise<Account | null> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async get(accountId: string): Promise<Account | null> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async create(account: Omit<Account, 'id'>): Promise<Account> {
    const row: AccountsTable = {
      id: newId(),
      email: normaliseEmail(account.email),
      name: account.name,
      password_hash: account.passwordHash,
    };
    await this.db.insertInto('accounts').values(row).execute();
    return toAccount(row);
  }

  async setPasswordHash(accountId: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const row: TokensTable = {
      token_hash: token.tokenHash,
      id: newId(),
      account_id: token.accountId,
      kind: token.kind,
      expires_at: toIso(token.expiresAt, 'expiresAt'),
      created_at: toIso(token.createdAt, 'createdAt'),
      last_used_at: null,
      address: token.address ?? null,
      user_agent: token.userAgent ?? null,
    };
    await this.db.insertInto('tokens').values(row).execute();
    return toToken(row);
  }

  async getToken(tokenHash: string): Promise<ApiToken | null> {
    const row = await this.db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async deleteToken(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('tokens').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredTokens(now: string): Promise<number> {
    const at = toIso(now, 'now');
    const result = await this.db.deleteFrom('tokens').where('expires_at', '<=', at).executeTakeFirst();
    await this.db.deleteFrom('password_resets').where('expires_at', '<=', at).execute();
    return toCount(result.numDeletedRows);
  }

  async listSessions(accountId: string, now: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', 'session')
      .where('expires_at', '>', toIso(now, 'now'))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toToken);
  }

  async deleteSession(accountId: string, sessionId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('account_id', '=', accountId)
      .where('kind', '=', 'session')
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return toCount(result.numDeletedRows) > 0;
  }

  async deleteSessions(accountId: string, options: { exceptTokenHash?: string } = {}): Promise<number> {
    let query = this.db.deleteFrom('tokens').where('account_id', '=', accountId).where('kind', '=', 'session');
    if (options.exceptTokenHash !== undefined) query = query.where('token_hash', '!=', options.exceptTokenHash);
    const result = await query.executeTakeFirst();
    return toCount(result.numDeletedRows);
  }

  async touchToken(tokenHash: string, lastUsedAt: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ last_used_at: toIso(lastUsedAt, 'lastUsedAt') })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async createPasswordReset(reset: PasswordReset): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({
        token_hash: reset.tokenHash,
        account_id: reset.accountId,
        created_at: toIso(reset.createdAt, 'createdAt'),
        expires_at: toIso(reset.expiresAt, 'expiresAt'),
      })
      .execute();
  }

  async getPasswordReset(tokenHash: string): Promise<PasswordReset | null> {
    const row = await this.db
      .selectFrom('password_resets')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toReset(row) : null;
  }

  async deletePasswordResets(accountId: string): Promise<number> {
    const result = await this.db.deleteFrom('password_resets').where('account_id', '=', accountId).executeTakeFirst();
    return toCount(result.numDeletedRows);
  }

  async lastPasswordResetAt(accountId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('password_resets')
      .select('created_at')
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row?.created_at ?? null;
  }
}
