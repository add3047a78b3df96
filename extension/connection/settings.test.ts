import { DEFAULT_CONNECTION_SETTINGS, readConnectionSettings } from './settings';

describe('readConnectionSettings', () => {
  it('reads the panel settings, trimming the URL and token', () => {
    expect(readConnectionSettings({ backendUrl: ' https://mlportal.example.org/ ', token: ' mlp_x ', pollIntervalSeconds: 5 })).toEqual({
      backendUrl: 'https://mlportal.example.org',
      token: 'mlp_x',
      pollIntervalSeconds: 5
    });
  });

  it('falls back to the default for each field of the wrong type', () => {
    expect(readConnectionSettings({ backendUrl: 42, token: null, pollIntervalSeconds: -1 })).toEqual(DEFAULT_CONNECTION_SETTINGS);
  });
});
