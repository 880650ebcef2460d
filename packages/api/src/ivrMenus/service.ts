import {
  checkBillingNumber,
  checkNumberClaim,
  checkSpokenLanguages,
  defaultIvrAdvancedSettings,
  destinationUsages,
  InUse,
  IvrAdvancedSettings,
  NotFound,
  type IvrMenu,
  type IvrMenuCreate,
  type IvrMenuUpdate,
} from '@vaxel/domain';
import type { Repositories, Store } from '@vaxel/store';
import { z } from 'zod';
import {
  ivrMenuSettings,
  destinationFacts,
  numberInventory,
  requireOrganisation,
  settingsHolders,
} from '../organisation/orgData.ts';
import { validateSettings, type Speech } from '../settingsValidation.ts';
import { ensureRoomForAnother } from '../subscription/quota.ts';

/** The parts of a menu checked as one settings value (advanced must be whole after merging). */
const MenuSettings = z.object({ advanced: IvrAdvancedSettings }).loose();

/** R20–R27: IVR menus. */
export class IvrMenuService {
  constructor(
    private readonly store: Store,
    private readonly speech: Speech,
  ) {}

  list(organisationId: string): Promise<IvrMenu[]> {
    return this.store.ivrMenus.list(organisationId);
  }

  get(organisationId: string, menuId: string): Promise<IvrMenu> {
    return requireMenu(this.store, organisationId, menuId);
  }

  create(organisationId: string, input: IvrMenuCreate): Promise<IvrMenu> {
    return this.store.transaction(async (tx) => {
      await ensureRoomForAnother(tx, organisationId, 'ivrMenu');
      const organisation = await requireOrganisation(tx, organisationId);
      const billingNumber = input.billingNumber === undefined ? input.number : input.billingNumber;
      await checkNumbers(tx, organisationId, { number: input.number, billingNumber }, null);
      const menu = {
        name: input.name,
        number: input.number,
        billingNumber,
        prompts: input.prompts,
        keys: input.keys,
        openingHours: input.openingHours,
        closedPrompt: input.closedPrompt,
        closedDestination: input.closedDestination,
        advanced: { ...defaultIvrAdvancedSettings(organisation.language), ...input.advanced },
      };
      validateSettings(MenuSettings, ivrMenuSettings(menu), 'ivrMenu', await destinationFacts(tx, organisationId), '');
      checkSpokenLanguages(ivrMenuSettings(menu), (tag) => this.speech.supportsLanguage(tag));
      return tx.ivrMenus.create(organisationId, menu);
    });
  }

  update(organisationId: string, menuId: string, input: IvrMenuUpdate): Promise<IvrMenu> {
    return this.store.transaction(async (tx) => {
      const menu = await requireMenu(tx, organisationId, menuId);
      await checkNumbers(
        tx,
        organisationId,
        { number: input.number ?? null, billingNumber: input.billingNumber ?? null },
        menuId,
      );
      const next: IvrMenu = {
        ...menu,
        name: input.name ?? menu.name,
        number: input.number !== undefined ? input.number : menu.number,
        billingNumber: input.billingNumber !== undefined ? input.billingNumber : menu.billingNumber,
        prompts: input.prompts ?? menu.prompts,
        keys: input.keys ?? menu.keys,
        openingHours: input.openingHours !== undefined ? input.openingHours : menu.openingHours,
        closedPrompt: input.closedPrompt !== undefined ? input.closedPrompt : menu.closedPrompt,
        closedDestination: input.closedDestination ?? menu.closedDestination,
        advanced: { ...menu.advanced, ...input.advanced },
      };
      validateSettings(MenuSettings, ivrMenuSettings(next), 'ivrMenu', await destinationFacts(tx, organisationId), '', {
        type: 'ivrMenu',
        id: menuId,
      });
      checkSpokenLanguages(ivrMenuSettings(next), (tag) => this.speech.supportsLanguage(tag));
      return tx.ivrMenus.update(organisationId, next);
    });
  }

  /** R24: refused while another menu, a group or a routing setting points to it; the refusal lists them. */
  delete(organisationId: string, menuId: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const menu = await requireMenu(tx, organisationId, menuId);
      const holders = (await settingsHolders(tx, organisationId)).filter(
        (h) => !(h.type === 'ivrMenu' && h.id === menuId),
      );
      const usages = destinationUsages({ type: 'ivrMenu', id: menuId }, holders);
      if (usages.length > 0) throw new InUse(`IVR menu "${menu.name}"`, usages);
      await tx.ivrMenus.delete(organisationId, menuId);
    });
  }
}

async function requireMenu(repos: Repositories, organisationId: string, menuId: string): Promise<IvrMenu> {
  const menu = await repos.ivrMenus.get(organisationId, menuId);
  if (!menu) throw new NotFound('IVR menu', menuId);
  return menu;
}

/** R20: the menu's number is the organisation's and free (or already the menu's); the billing ID is one of its numbers. */
async function checkNumbers(
  tx: Repositories,
  organisationId: string,
  numbers: { number: string | null; billingNumber: string | null },
  menuId: string | null,
): Promise<void> {
  if (!numbers.number && !numbers.billingNumber) return;
  const inventory = await numberInventory(tx, organisationId);
  if (numbers.number)
    checkNumberClaim('number', numbers.number, { type: 'ivrMenu', ivrMenuId: menuId ?? '' }, inventory);
  if (numbers.billingNumber) checkBillingNumber('billingNumber', numbers.billingNumber, inventory);
}
