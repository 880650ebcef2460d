import { OperatorOrganisationService, recordCreated, TrunkService } from '@vaxel/api';
import { NumberAllocation, OrganisationCreate, TrunkCreate, type AuditActor } from '@vaxel/domain';
import { openStore } from '@vaxel/store';
import type { z } from 'zod';
import { UsageError, type Config } from './config.ts';

/** Parses with a domain schema; a refusal names each bad field instead of a stack trace. */
function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  }
  return result.data;
}

/** The operator at the command line, as the audit log names them (the API's operator is "Operator"). */
const cliOperator: AuditActor = { kind: 'operator', accountId: null, name: 'Operator (command line)', email: null };

/**
 * `vaxel orgs|numbers|trunks …`: the operator's work (R1) on the same database as `vaxel start`.
 * Each change goes to the audit log as the API's operator routes would write it.
 */
export async function runOperatorCommand(
  config: Config,
  command: string,
  sub: string | undefined,
  flags: Record<string, string | undefined>,
  rest: string[],
  out: (text: string) => void,
): Promise<void> {
  const store = openStore({ url: config.databaseUrl });
  try {
    await store.migrate();
    const organisations = new OperatorOrganisationService(store);
    const trunks = new TrunkService(store);
    const key = `${command} ${sub ?? ''}`.trim();
    switch (key) {
      case 'orgs list': {
        for (const org of await organisations.list())
          out(`${org.id}  ${org.name}  ${org.package}  ${org.timeZone}  ${org.language}  ${org.country}`);
        return;
      }
      case 'orgs create': {
        const input = parse(OrganisationCreate, {
          name: flags.name,
          ...(flags.package ? { package: flags.package } : {}),
          ...(flags['time-zone'] ? { timeZone: flags['time-zone'] } : {}),
          ...(flags.language ? { language: flags.language } : {}),
          ...(flags.country ? { country: flags.country } : {}),
        });
        const org = await organisations.create(input);
        await recordCreated(store, {
          at: new Date().toISOString(),
          actor: cliOperator,
          objectType: 'organisation',
          organisationId: () => org.id,
          objects: [org],
        });
        out(`${org.id}  ${org.name}  ${org.package}`);
        return;
      }
      case 'numbers allocate': {
        if (!flags.org) throw new UsageError('--org ORG_ID is required');
        const input = parse(NumberAllocation, { numbers: rest.map((number) => ({ number, type: flags.type })) });
        const allocated = await organisations.allocate(flags.org, input);
        const organisationId = flags.org;
        await recordCreated(store, {
          at: new Date().toISOString(),
          actor: cliOperator,
          objectType: 'number',
          organisationId: () => organisationId,
          objects: allocated,
        });
        for (const n of allocated) out(`${n.number}  ${n.type}`);
        return;
      }
      case 'trunks list': {
        for (const t of await trunks.list()) {
          out(
            `${t.id}  ${t.name}  ${t.transport}:${t.host}:${t.port}  inbound ${t.inboundAddresses.join(',') || '-'}  forwarded ${t.forwardedCallerId}`,
          );
        }
        return;
      }
      case 'trunks add': {
        const input = parse(TrunkCreate, {
          name: flags.name,
          host: flags.host,
          ...(flags.port ? { port: Number(flags.port) } : {}),
          ...(flags.transport ? { transport: flags.transport } : {}),
          ...(flags.inbound ? { inboundAddresses: flags.inbound.split(',').map((s) => s.trim()) } : {}),
          ...(flags.username ? { username: flags.username } : {}),
          ...(flags['forwarded-caller-id'] ? { forwardedCallerId: flags['forwarded-caller-id'] } : {}),
          ...(process.env.VAXEL_TRUNK_PASSWORD ? { password: process.env.VAXEL_TRUNK_PASSWORD } : {}),
        });
        const trunk = await trunks.create(input);
        await recordCreated(store, {
          at: new Date().toISOString(),
          actor: cliOperator,
          objectType: 'trunk',
          organisationId: () => null,
          objects: [trunk],
          secretFields: input.password ? ['password'] : [],
        });
        out(`${trunk.id}  ${trunk.name}`);
        return;
      }
      default:
        throw new UsageError(`unknown command "vaxel ${key}"; see vaxel --help`);
    }
  } finally {
    await store.close();
  }
}
