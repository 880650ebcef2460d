/**
 * IVR menus (R20–R24, R73, R75). The switch has answered the caller (`needs`); the step walks
 * the menus until the caller's choice leads out of them:
 *
 * - closed (the menu's opening hours, read with the domain's `isOpen` in the organisation's time
 *   zone: weekly hours and dated exceptions) → the closed prompt, then the closed destination;
 * - open → the prompts in order as one gapless playback that a key stops (barge-in), then
 *   `inputTimeoutSeconds` for a key:
 *   - a key of the map → its destination: another menu or `repeatMenu` is walked here (nested
 *     menus, "play again"), anything else (a user, a group, an external number, voicemail, a
 *     message …) is the step's `next`, which bridges without answering again;
 *   - with `allowExtensionDialling`, digits that begin an extension are collected
 *     (`EXTENSION_INTER_DIGIT_MS` between digits, `#` ends) and that user is rung;
 *   - a key not in the map, or an unknown extension: invalid; no key in time: no input. Either
 *     plays the menu again (an invalid key after a short "not a valid choice"), up to
 *     `maxRetries` times in all, and then the last failure decides: `invalidKeyDestination` or
 *     `noInputDestination`.
 *
 * The call log gets the first menu as its `ivrMenuId` and the path: each menu entered, then the
 * key (or extension) that left it, then whatever the destination's own step records.
 */
import { isOpen, type Destination, type IvrMenu, type Organisation, type Prompt } from '@vaxel/domain';
import { abortedCause } from '../../call/endCauses.ts';
import type { NumberDirectory } from '../../routing/resolveNumber.ts';
import { collectDigits, DigitQueue } from '../collectDigits.ts';
import { invalidChoicePrompt } from '../ivr/invalidChoicePrompt.ts';
import { menuChoice, menuEntry, type Extensions } from '../ivr/menuChoice.ts';
import { playToCaller, promptClips, type PromptCall } from '../playPrompts.ts';
import type { DestinationCause, DestinationOf, FlowCall, FlowServices, Step, StepResult } from '../step.ts';

/** R23: the pause that ends a directly dialled extension when no `#` comes. */
export const EXTENSION_INTER_DIGIT_MS = 3000;

/**
 * Menus entered (nested, repeated, closed → another menu) in one call before the switch gives up:
 * settings such as a closed destination leading back to a closed menu would otherwise loop
 * without end, and no caller walks this many menus by hand.
 */
export const MAX_MENU_VISITS = 30;

/** What an IVR menu reads about the organisation (SwitchDirectory, through the settings cache). */
export interface MenuDirectory {
  ivrMenu(organisationId: string, ivrMenuId: string): Promise<IvrMenu | null>;
  organisation(organisationId: string): Promise<Pick<Organisation, 'timeZone'> | null>;
  numberDirectory(organisationId: string): Promise<Pick<NumberDirectory, 'users'>>;
}

/** What the step needs of the call. */
export type MenuCall = PromptCall &
  Pick<FlowCall, 'log'> & {
    readonly services: Pick<FlowServices, 'prompts' | 'logger' | 'clock'> & { readonly directory: MenuDirectory };
  };

type Visit = { kind: 'go'; destination: Destination } | { kind: 'hungUp' };

export const ivrMenu = {
  needs: 'answered',
  async run(call: MenuCall, destination: DestinationOf<'ivrMenu'>, cause: DestinationCause): Promise<StepResult> {
    // One queue for the whole walk: keys pressed ahead into the next menu are its barge-in.
    const digits = new DigitQueue(call.media, 'caller');
    try {
      return await walkMenus(call, destination.ivrMenuId, digits, cause);
    } finally {
      digits.close();
    }
  },
} satisfies Step<'ivrMenu'>;

async function walkMenus(
  call: MenuCall,
  firstMenuId: string,
  digits: DigitQueue,
  cause: DestinationCause,
): Promise<StepResult> {
  call.log.ivrMenu(firstMenuId);
  let menuId = firstMenuId;
  let entering = true;
  for (let visit = 1; ; visit++) {
    if (visit > MAX_MENU_VISITS) {
      call.services.logger.warn('IVR menus lead round in a circle; hanging up', {
        ivrMenuId: menuId,
        visits: MAX_MENU_VISITS,
      });
      return { kind: 'next', destination: { type: 'hangup' }, cause };
    }
    const menu = await call.services.directory.ivrMenu(call.organisationId, menuId);
    if (!menu) return { kind: 'end', cause: { by: 'failure', detail: `IVR menu ${menuId} no longer exists` } };
    if (entering) call.log.path({ type: 'ivrMenu', id: menu.id, name: menu.name });
    const result = await visitMenu(call, menu, digits);
    if (result.kind === 'hungUp') return { kind: 'end', cause: abortedCause(call.abort) };
    const next = result.destination;
    if (next.type === 'repeatMenu') {
      entering = false;
      continue;
    }
    if (next.type === 'ivrMenu') {
      menuId = next.ivrMenuId;
      entering = true;
      continue;
    }
    return { kind: 'next', destination: next, cause };
  }
}

/** One visit of a menu: closed handling, or prompts and keys with retries. */
async function visitMenu(call: MenuCall, menu: IvrMenu, digits: DigitQueue): Promise<Visit> {
  const { directory, clock, logger } = call.services;
  const organisation = await directory.organisation(call.organisationId);
  if (!organisation) return { kind: 'go', destination: { type: 'hangup' } };
  if (!isOpen(menu.openingHours, new Date(clock.now()), organisation.timeZone)) {
    if (menu.closedPrompt) {
      const played = await playToCaller(call, await promptClips(call, [menu.closedPrompt]), { bargeIn: false });
      if (played.reason === 'hungUp') return { kind: 'hungUp' };
    }
    digits.clear();
    return { kind: 'go', destination: menu.closedDestination };
  }

  const extensions: Extensions = menu.advanced.allowExtensionDialling
    ? new Map((await directory.numberDirectory(call.organisationId)).users.map((u) => [u.extension, u.id]))
    : new Map();
  const entry = menuEntry(menu, extensions, EXTENSION_INTER_DIGIT_MS);
  let failures = 0;
  let before: Prompt | null = null;
  for (;;) {
    // A key already pressed (ahead, or during "not a valid choice") stands for the prompts' barge-in.
    if (digits.pending === 0) {
      const prompts = before ? [before, ...menu.prompts] : menu.prompts;
      const played = await playToCaller(call, await promptClips(call, prompts), { bargeIn: true });
      if (played.reason === 'hungUp') return { kind: 'hungUp' };
    }
    before = null;
    const collected = await collectDigits(digits, clock, entry, call.abort);
    if (collected.endedBy === 'aborted') return { kind: 'hungUp' };
    const choice = menuChoice(menu, extensions, collected);
    switch (choice.kind) {
      case 'key':
        call.log.path({ type: 'key', id: null, name: choice.key });
        return { kind: 'go', destination: choice.destination };
      case 'extension':
        call.log.path({ type: 'key', id: null, name: choice.extension });
        return { kind: 'go', destination: { type: 'user', userId: choice.userId } };
      case 'invalid':
      case 'noInput': {
        failures++;
        logger.debug(choice.kind === 'invalid' ? 'IVR menu: invalid key' : 'IVR menu: no input', {
          ivrMenuId: menu.id,
          failures,
          maxRetries: menu.advanced.maxRetries,
        });
        if (failures > menu.advanced.maxRetries) {
          return {
            kind: 'go',
            destination:
              choice.kind === 'invalid' ? menu.advanced.invalidKeyDestination : menu.advanced.noInputDestination,
          };
        }
        if (choice.kind === 'invalid') {
          // What followed an invalid key belongs to that mistaken entry, not to the next try.
          digits.clear();
          before = invalidChoicePrompt(menu.advanced.ttsLanguage);
        }
      }
    }
  }
}
