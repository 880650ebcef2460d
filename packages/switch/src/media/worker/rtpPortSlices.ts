/**
 * The switch's RTP port range cut into one slice per media worker (issue 11): each worker's pool
 * hands out only its own ports, so two workers never bind the same pair. Slices are whole even/odd
 * pairs (RFC 3550 §11: RTP on the even port, RTCP on the odd one above), equal but for the last,
 * which takes what is left over.
 */
export function rtpPortSlices(
  range: { min: number; max: number },
  workers: number,
): Array<{ min: number; max: number }> {
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`media workers must be a whole number ≥ 1, not ${workers}`);
  const first = range.min + (range.min % 2);
  const pairs = Math.floor((range.max - first + 1) / 2);
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
