/**
 * The slope of the least-squares line through `points` ([x, y] pairs): how fast y grows per unit
 * of x, the figure a soak reports for memory (KiB per minute) without trusting any one sample.
 * NaN for fewer than two distinct x, where no line is defined.
 */
export function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? NaN : covariance / variance;
}
