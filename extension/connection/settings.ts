import type { IConnectionSettings } from '../tokens';

/** Defaults repeated from schema/panel.json for the moment before the settings load. */
export const DEFAULT_CONNECTION_SETTINGS: IConnectionSettings = {
  backendUrl: 'http://127.0.0.1:8765',
  token: '',
  pollIntervalSeconds: 30
};

/**
 * Reads the `mlportal:panel` settings (the registry's composite: user values over schema
 * defaults). The registry validates against the schema already; this only guards against
 * hand-edited files the registry let through, falling back to the default for that field.
 */
export function readConnectionSettings(composite: Record<string, unknown>): IConnectionSettings {
  const { backendUrl, token, pollIntervalSeconds } = composite;
  return {
    backendUrl: typeof backendUrl === 'string' ? backendUrl.trim().replace(/\/+$/, '') : DEFAULT_CONNECTION_SETTINGS.backendUrl,
    token: typeof token === 'string' ? token.trim() : DEFAULT_CONNECTION_SETTINGS.token,
    pollIntervalSeconds:
      typeof pollIntervalSeconds === 'number' && Number.isFinite(pollIntervalSeconds) && pollIntervalSeconds >= 0
        ? pollIntervalSeconds
        : DEFAULT_CONNECTION_SETTINGS.pollIntervalSeconds
  };
}
