import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../src/formatters/index.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('shouldUseColor', () => {
  it('follows the terminal when nothing else says', () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor(pipe, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });

  it('lets an explicit flag win over everything', () => {
    expect(shouldUseColor(tty, { FORCE_COLOR: '1' }, false)).toBe(false);
    expect(shouldUseColor(pipe, { NO_COLOR: '1' }, true)).toBe(true);
  });

  it('turns colour off for a non-empty NO_COLOR, even over FORCE_COLOR', () => {
    expect(shouldUseColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('reads FORCE_COLOR: 0 and false disable, other values enable', () => {
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '3' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: 'true' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '' })).toBe(false);
  });
});
