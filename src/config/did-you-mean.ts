/**
 * "Did you mean …?" suggestions for user-typed names (config keys, rule ids in
 * suppression directives). Kept tiny and dependency-free so every layer can use it.
 */

/** Levenshtein edit distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `input` within `maxDistance` edits (case-insensitive), or
 * undefined. Ties go to the earlier candidate so suggestions are deterministic.
 */
export function closestMatch(
  input: string,
  candidates: readonly string[],
  maxDistance = 3,
): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` Did you mean 'x'?` or the empty string: ready to append to a message. */
export function didYouMean(input: string, candidates: readonly string[], maxDistance = 3): string {
  const match = closestMatch(input, candidates, maxDistance);
  return match === undefined ? '' : ` Did you mean '${match}'?`;
}
