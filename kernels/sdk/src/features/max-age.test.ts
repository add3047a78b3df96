import { MlportalError } from '../errors';
import { maxAgeSeconds } from './max-age';

describe('maxAgeSeconds', () => {
  it.each([
    [90, 90],
    ['45s', 45],
    ['30m', 1800],
    ['12h', 43_200],
    ['7d', 604_800],
    ['2w', 1_209_600],
    [' 7 d ', 604_800]
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(maxAgeSeconds(input)).toBe(seconds);
  });

  it.each([0, -5, 1.5, '7 days', '7', 'd', '0h', '', '1y'])('refuses %p, naming it', (input) => {
    const error = (() => {
      try {
        maxAgeSeconds(input);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MlportalError);
    expect((error as Error).message).toMatch(
      /^maxAge must be a positive whole number of seconds, or a duration such as '30m', '12h', '7d'/
    );
    expect((error as Error).message).toContain(typeof input === 'string' ? JSON.stringify(input) : String(input));
  });
});
