import { describe, expect, it } from 'vitest';
import { leastSquaresSlope } from './leastSquares.ts';

describe('leastSquaresSlope', () => {
  it('is the slope of points on a line', () => {
    expect(
      leastSquaresSlope([
        [0, 5],
        [1, 7],
        [2, 9],
        [3, 11],
      ]),
    ).toBeCloseTo(2, 12);
  });

  it('fits noisy points between their extremes, not through the first and last', () => {
    // The first and last points alone would say (4 - 1) / 4 = 0.75; by hand: means x 2, y 5.2,
    // Σ(x - 2)(y - 5.2) = 11, Σ(x - 2)² = 10.
    const points: Array<[number, number]> = [
      [0, 1],
      [1, 5],
      [2, 6],
      [3, 10],
      [4, 4],
    ];
    expect(leastSquaresSlope(points)).toBeCloseTo(1.1, 12);
  });

  it('is 0 for a flat series and NaN where no line is defined', () => {
    expect(
      leastSquaresSlope([
        [0, 4],
        [1, 4],
        [2, 4],
      ]),
    ).toBe(0);
    expect(leastSquaresSlope([[1, 4]])).toBeNaN();
    expect(
      leastSquaresSlope([
        [1, 4],
        [1, 6],
      ]),
    ).toBeNaN();
  });
});
