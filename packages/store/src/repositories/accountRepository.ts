import { toCount, toIso, newId } from '../codec.ts';
import type { AccountsTable, Db, TokensTable } from '../database.ts';
import type { Account, AccountRepository, ApiToken } from '../ports.ts';

const toAccount = (row: AccountsTable): Account => ({ id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash });

const toToken = (row: TokensTable): ApiToken => ({
  tokenHash: row.token_hash,
  accountId: row.account_id,
  kind: row.kind as ApiToken['kind'],
  expiresAt: row.expires_at,
  createdAt: row.created_at,
});

/** Login e-mail addresses are compared case-insensitively: they are kept in lower case. */
const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export class KyselyAccountRepository implements AccountRepository {
  constructor(private readonly db: Db) {}

  async getByEmail(email: string): Promise<Account | null> {
    const row = await this.db.selectFrom('accounts').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async get(accountId: string): Promise<Account | null> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async create(account: Omit<Account, 'id'>): Promise<Account> {
    const row: AccountsTable = { id: newId(), email: normaliseEmail(account.email), name: account.name, password_hash: account.passwordHash };
    await this.db.insertInto('accounts').values(row).execute();
    return toAccount(row);
  }

  async setPasswordHash(accountId: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
  }

  async createToken(token: ApiToken): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({
        token_hash: token.tokenHash,
        account_id: token.accountId,
        kind: token.kind,
        expires_at: toIso(token.expiresAt, 'expiresAt'),
        created_at: toIso(token.createdAt, 'createdAt'),
      })
      .execute();
  }

  async getToken(tokenHash: string): Promise<ApiToken | null> {
    const row = await this.db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async deleteToken(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('tokens').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredTokens(now: string): Promise<number> {
    const result = await this.db.deleteFrom('tokens').where('expires_at', '<=', toIso(now, 'now')).executeTakeFirst();
    return toCount(result.numDeletedRows);
  }
}
