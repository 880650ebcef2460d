import {
  checkExtension,
  Conflict,
  emergencyExtensionProblem,
  factoryCallRoutingDefaults,
  factoryResponseGroupSettings,
  InUse,
  NotFound,
  RuleViolation,
  type NumberAllocation,
  type Organisation,
  type OrganisationCreate,
  type OrganisationUpdate,
  type PhoneNumber,
  type Usage,
} from '@vaxel/domain';
import type { Repositories, Store } from '@vaxel/store';
import { requireOrganisation } from '../organisation/orgData.ts';

/** R1: the operator creates organisations, allocates their numbers and makes their first admins. */
export class OperatorOrganisationService {
  constructor(private readonly store: Store) {}

  list(): Promise<Organisation[]> {
    return this.store.organisations.list();
  }

  get(organisationId: string): Promise<Organisation> {
    return requireOrganisation(this.store, organisationId);
  }

  /** A new organisation starts with the factory defaults for users and for new groups (R13, R30). */
  create(input: OrganisationCreate): Promise<Organisation> {
    return this.store.transaction(async (tx) => {
      const organisation = await tx.organisations.create(input);
      await tx.callRouting.setDefaults(organisation.id, factoryCallRoutingDefaults());
      await tx.responseGroups.setDefaults(organisation.id, factoryResponseGroupSettings());
      return organisation;
    });
  }

  update(organisationId: string, input: OrganisationUpdate): Promise<Organisation> {
    return this.store.transaction(async (tx) => {
      const organisation = await requireOrganisation(tx, organisationId);
      if (input.country && input.country !== organisation.country) {
        await checkExtensionsIn(tx, organisationId, input.country);
        // R91: calls to the new country are national now; it leaves the list of countries abroad.
        const rules = await tx.outboundRules.get(organisationId);
        const countries = rules.international.countries.filter((c) => c !== input.country);
        if (countries.length !== rules.international.countries.length) {
          await tx.outboundRules.set(organisationId, {
            ...rules,
            international: { ...rules.international, countries },
          });
        }
      }
      return tx.organisations.update({ ...organisation, ...input });
    });
  }

  async numbers(organisationId: string): Promise<PhoneNumber[]> {
    await requireOrganisation(this.store, organisationId);
    return this.store.numbers.list(organisationId);
  }

  allocate(organisationId: string, input: NumberAllocation): Promise<PhoneNumber[]> {
    return this.store.transaction(async (tx) => {
      await requireOrganisation(tx, organisationId);
      const seen = new Set<string>();
      const errors = input.numbers.flatMap((n, i) => {
        if (seen.has(n.number)) return [{ path: `numbers[${i}].number`, message: `${n.number} is listed twice` }];
        seen.add(n.number);
        return [];
      });
      if (errors.length > 0) throw new RuleViolation(errors);
      for (const [i, n] of input.numbers.entries()) {
        if (await tx.numbers.findOwner(n.number)) {
          throw new Conflict('number_taken', `${n.number} is already allocated to an organisation.`, {
            field: `numbers[${i}].number`,
          });
        }
      }
      const records = await tx.numbers.allocate(organisationId, input.numbers);
      return records.map((r) => ({ ...r, assignment: null }));
    });
  }

  /** A number still in use (assigned, a billing ID, a display number) is not taken away. */
  release(organisationId: string, number: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      await requireOrganisation(tx, organisationId);
      const entry = (await tx.numbers.list(organisationId)).find((n) => n.number === number);
      if (!entry) throw new NotFound('Number', number);
      const usages = await numberUsages(tx, organisationId, entry);
      if (usages.length > 0) throw new InUse(number, usages);
      await tx.numbers.release(organisationId, number);
    });
  }
}

async function numberUsages(tx: Repositories, organisationId: string, entry: PhoneNumber): Promise<Usage[]> {
  const usages: Usage[] = [];
  const a = entry.assignment;
  if (a) {
    const id = a.type === 'responseGroup' ? a.responseGroupId : a.type === 'ivrMenu' ? a.ivrMenuId : a.userId;
    const field = a.type === 'userMobile' ? 'mobileNumber' : a.type === 'userLandline' ? 'landlineNumber' : 'number';
    usages.push({
      type: a.type === 'userMobile' || a.type === 'userLandline' ? 'user' : a.type,
      id,
      name: a.name,
      field,
    });
  }
  for (const g of await tx.responseGroups.list(organisationId)) {
    if (g.billingNumber === entry.number && g.number !== entry.number)
      usages.push({ type: 'responseGroup', id: g.id, name: g.name, field: 'billingNumber' });
  }
  for (const m of await tx.ivrMenus.list(organisationId)) {
    if (m.billingNumber === entry.number && m.number !== entry.number)
      usages.push({ type: 'ivrMenu', id: m.id, name: m.name, field: 'billingNumber' });
  }
  for (const d of await tx.displayNumbers.list(organisationId)) {
    if (d.number === entry.number) usages.push({ type: 'displayNumber', id: d.id, name: d.number, field: 'number' });
  }
  return usages;
}

/** The next free extension after the highest numeric one, never an emergency number of `country` (R92). */
export function nextExtension(taken: string[], country: string): string {
  const numbers = taken.filter((e) => /^\d+$/.test(e)).map(Number);
  let candidate = Math.max(99, ...numbers) + 1;
  while (taken.includes(String(candidate)) || emergencyExtensionProblem(String(candidate), country)) candidate += 1;
  return String(candidate);
}

/** R92: a new country must not turn an existing extension into one of its emergency numbers. */
async function checkExtensionsIn(tx: Repositories, organisationId: string, country: string): Promise<void> {
  const errors = (await tx.users.list(organisationId)).flatMap((user) => {
    const problem = emergencyExtensionProblem(user.extension, country);
    return problem
      ? [{ path: 'country', message: `${user.name}'s extension ${problem}; change the extension first` }]
      : [];
  });
  if (errors.length > 0) throw new RuleViolation(errors);
}
