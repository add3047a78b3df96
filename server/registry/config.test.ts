/** MLPORTAL_MODEL_MAX_BYTES: the registry's upload limit, read and checked like every other setting. */
import { ConfigError, loadConfig } from '../config';

describe('MLPORTAL_MODEL_MAX_BYTES', () => {
  it('defaults to 512 MiB and reads a whole number of bytes', () => {
    expect(loadConfig({}, '/srv').modelMaxBytes).toBe(512 * 1024 * 1024);
    expect(loadConfig({ MLPORTAL_MODEL_MAX_BYTES: '1048576' }, '/srv').modelMaxBytes).toBe(1048576);
  });

  it('refuses what is not a size, naming the variable and the value', () => {
    for (const value of ['0', '-5', '1.5', 'big', '4294967296']) {
      let problem: unknown;
      try {
        loadConfig({ MLPORTAL_MODEL_MAX_BYTES: value }, '/srv');
      } catch (err) {
        problem = err;
      }
      expect(problem).toBeInstanceOf(ConfigError);
      expect((problem as ConfigError).problems).toEqual([
        expect.stringMatching(new RegExp(`^MLPORTAL_MODEL_MAX_BYTES: must be a size in bytes.*\\(got "${value}"\\)$`))
      ]);
    }
  });
});
