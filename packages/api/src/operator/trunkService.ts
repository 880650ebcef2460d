import { NotFound, RuleViolation, type Trunk, type TrunkCreate, type TrunkUpdate } from '@vaxel/domain';
import type { Repositories, Store, TrunkRecord } from '@vaxel/store';

/** R1: SIP trunks to carriers. The password is write-only: it is never returned. */
export class TrunkService {
  constructor(private readonly store: Store) {}

  async list(): Promise<Trunk[]> {
    return (await this.store.trunks.list()).map(toTrunk);
  }

  async get(id: string): Promise<Trunk> {
    return toTrunk(await requireTrunk(this.store, id));
  }

  create(input: TrunkCreate): Promise<Trunk> {
    return this.store.transaction(async (tx) => {
      await checkOrganisations(tx, input.organisationIds);
      const { password, ...rest } = input;
      return toTrunk(await tx.trunks.create({ ...rest, password: password ?? null }));
    });
  }

  update(id: string, input: TrunkUpdate): Promise<Trunk> {
    return this.store.transaction(async (tx) => {
      const trunk = await requireTrunk(tx, id);
      if (input.organisationIds) await checkOrganisations(tx, input.organisationIds);
      const { password, ...rest } = input;
      const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      return toTrunk(
        await tx.trunks.update({ ...trunk, ...defined, password: password !== undefined ? password : trunk.password }),
      );
    });
  }

  delete(id: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      await requireTrunk(tx, id);
      await tx.trunks.delete(id);
    });
  }
}

function toTrunk(record: TrunkRecord): Trunk {
  const { password, ...trunk } = record;
  return { ...trunk, hasPassword: password !== null };
}

async function requireTrunk(repos: Repositories, id: string): Promise<TrunkRecord> {
  const trunk = await repos.trunks.get(id);
  if (!trunk) throw new NotFound('Trunk', id);
  return trunk;
}

async function checkOrganisations(repos: Repositories, ids: string[]): Promise<void> {
  const errors = [];
  for (const [i, id] of ids.entries()) {
    if (!(await repos.organisations.get(id)))
      errors.push({ path: `organisationIds[${i}]`, message: `no organisation ${id}` });
  }
  if (errors.length > 0) throw new RuleViolation(errors);
}
