/**
 * The switch's RTP port range cut into one slice per media worker (issue 11): each worker's pool
 * hands out only its own ports, so two workers never bind the same pair. Slices are whole even/odd
 * pairs (RFC 3550 §11: RTP on the even port, RTCP on the odd one above), equal but for the last,
 * which takes what is left over.
 */
/** How many even/odd port pairs the range holds. */
export function rtpPortPairs(range: { min: number; max: number }): number {
  const first = range.min + (range.min % 2);
  return Math.max(0, Math.floor((range.max - first + 1) / 2));
}

/**
 * How many media workers a switch runs when not told (issue 11): one per core, but never more
 * than the range has port pairs (each worker needs a slice of its own).
 */
export function defaultMediaWorkers(range: { min: number; max: number }, cores: number): number {
  return Math.max(0, Math.min(cores, rtpPortPairs(range)));
}

export function rtpPortSlices(
  range: { min: number; max: number },
  workers: number,
): Array<{ min: number; max: number }> {
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`media workers must be a whole number ≥ 1, not ${workers}`);
  const first = range.min + (range.min % 2);
  const pairs = rtpPortPairs(range);
  const each = Math.floor(pairs / workers);
  if (each < 1)
    throw new RangeError(
      `RTP port range ${range.min}-${range.max} has ${pairs} port pairs: too few for ${workers} media workers`,
    );
  return Array.from({ length: workers }, (_, i) => {
    const min = first + i * each * 2;
    return { min, max: i === workers - 1 ? range.max : min + each * 2 - 1 };
  });
}
