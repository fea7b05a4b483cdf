// Seeded randomness for the benchmark corpus: the same seed must give byte-identical
// files on every machine, so nothing here may touch Math.random or the clock.

/** mulberry32: tiny, fast, good enough to pick names and shapes. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a run seed with a file index so each file's content is independent of the others' order. */
export function deriveSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small random-helper facade over one generator. */
export function createRandom(seed) {
  const next = mulberry32(seed);
  return {
    next,
    /** An integer in [min, max]. */
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(probability) {
      return next() < probability;
    },
    pick(items) {
      return items[Math.floor(next() * items.length)];
    },
    /** A new array in a random order (Fisher–Yates). */
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    /** Up to `count` distinct items. */
    sample(items, count) {
      return this.shuffle(items).slice(0, Math.min(count, items.length));
    },
  };
}
