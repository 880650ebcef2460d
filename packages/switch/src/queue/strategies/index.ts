import { fewestCalls } from './fewestCalls.ts';
import { longestIdle } from './longestIdle.ts';
import { random } from './random.ts';
import { ringAll } from './ringAll.ts';
import { roundRobin } from './roundRobin.ts';
import { serial } from './serial.ts';
import type { Strategies } from './strategy.ts';

export type { IdleAgent, Strategies, Strategy, StrategyMemory, StrategyPick } from './strategy.ts';

/** Every distribution strategy of R16 by its settings name; a strategy without a function does not compile. */
export const strategies: Strategies = { ringAll, serial, roundRobin, longestIdle, fewestCalls, random };
