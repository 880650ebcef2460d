import type { Kysely } from 'kysely';

/**
 * R74: where each agent is rung for a group's calls — their SIP phones, their mobile through the
 * trunk, or both (domain `AgentReach`). Agents so far were rung on their phones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('response_group_agents')
    .addColumn('reach_on', 'text', (c) => c.notNull().defaultTo('phone'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('response_group_agents').dropColumn('reach_on').execute();
}
