/**
 * Power of one frequency in a block of samples, by the Goertzel algorithm — the usual way to
 * look for DTMF and other tones without a full FFT.
 */
export function goertzelPower(samples: Int16Array, frequency: number, sampleRate = 8000): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}
