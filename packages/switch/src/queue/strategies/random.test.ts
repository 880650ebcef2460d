import { describe, expect, it } from 'vitest';
import { random } from './random.ts';
import { fresh, idle } from './testAgents.ts';

const group = [idle('a', 0), idle('b', 1), idle('c', 2), idle('d', 3)];
const source = (value: number) => () => value;

describe('random', () => {
  it('maps the random source onto the agents in the group order, each an equal share', () => {
    expect([0, 0.24, 0.25, 0.49, 0.5, 0.74, 0.75, 0.99].map((r) => random(group, fresh, source(r)).ring[0])).toEqual([
      'a',
      'a',
      'b',
      'b',
      'c',
      'c',
      'd',
      'd',
    ]);
  });

  it('draws once per pick', () => {
    let draws = 0;
    random(group, fresh, () => (draws++, 0.5));
    expect(draws).toBe(1);
  });

  it('picks the last agent when the source returns 1', () => {
    expect(random(group, fresh, source(1)).ring).toEqual(['d']);
  });

  it('rings one agent of the idle ones, whatever order they come in', () => {
    expect(random([idle('c', 2), idle('a', 0)], fresh, source(0)).ring).toEqual(['a']);
  });

  it('keeps the memory as it was', () => {
    expect(random(group, fresh, source(0.3)).memory).toEqual(fresh);
  });
});
