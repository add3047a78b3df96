/**
 * Structured JSON logs (pino), one object per line on stdout unless a destination is given.
 * Secrets never belong in a log line; the redaction below is a safety net for the day someone
 * logs a request or a token document by mistake, not a licence to do so.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

const REDACTED_PATHS = [
  'token',
  '*.token',
  'tokenHash',
  '*.tokenHash',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization'
];

export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: { service: 'mlportal-backend' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' }
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
