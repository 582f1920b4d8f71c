/**
 * Display limits in the manner of IRAF's zscale: sample the finite pixels,
 * sort them, fit a line to the sorted sample with iterative rejection of
 * outliers, and stretch the median by that slope divided by the contrast.
 * Stars and hot pixels do not stretch the sky to black, as min/max would.
 */
const MAX_SAMPLES = 10000;
const CONTRAST = 0.25;
const REJECT_SIGMAS = 2.5;
const ITERATIONS = 5;

export function zscale(pixels: Float64Array): { low: number; high: number } | null {
  const step = Math.max(1, Math.floor(pixels.length / MAX_SAMPLES));
  const sample: number[] = [];
  for (let i = 0; i < pixels.length; i += step) if (!Number.isNaN(pixels[i]!)) sample.push(pixels[i]!);
  if (sample.length === 0) return null;
  sample.sort((a, b) => a - b);
  const n = sample.length;
  const min = sample[0]!;
  const max = sample[n - 1]!;
  const median = n % 2 === 1 ? sample[(n - 1) / 2]! : (sample[n / 2 - 1]! + sample[n / 2]!) / 2;
  if (n < 5) return { low: min, high: max };
  let kept = sample.map((_, i) => i);
  let slope = 0;
  let intercept = median;
  for (let round = 0; round < ITERATIONS; round++) {
    const m = kept.length;
    const meanX = kept.reduce((a, i) => a + i, 0) / m;
    const meanY = kept.reduce((a, i) => a + sample[i]!, 0) / m;
    let sxx = 0;
    let sxy = 0;
    for (const i of kept) {
      sxx += (i - meanX) ** 2;
      sxy += (i - meanX) * (sample[i]! - meanY);
    }
    slope = sxx === 0 ? 0 : sxy / sxx;
    intercept = meanY - slope * meanX;
    const residuals = kept.map((i) => sample[i]! - (intercept + slope * i));
    const sigma = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / m);
    const next = kept.filter((_, k) => Math.abs(residuals[k]!) <= REJECT_SIGMAS * sigma);
    if (next.length === kept.length || next.length < n / 2) break;
    kept = next;
  }
  const center = (n - 1) / 2;
  const stretched = slope / CONTRAST;
  const low = Math.max(min, median - (center - 0) * stretched);
  const high = Math.min(max, median + (n - 1 - center) * stretched);
  return low < high ? { low, high } : { low: min, high: max > min ? max : min + 1 };
}
