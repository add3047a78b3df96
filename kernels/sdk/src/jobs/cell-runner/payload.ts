/**
 * How notebook code reaches a job: the cells to run, in order, travel in the job's args as base64
 * of `{"cells": [...]}`, split into pieces the jobs API accepts (an arg holds at most 32,768
 * characters). Args rather than an environment variable: variables are capped at 32,768 characters
 * and names starting with MLPORTAL_ are the platform's; args also reach a Kubernetes pod unchanged.
 * Browser-safe: the JupyterLab extension encodes, the runner (main.ts) and the Python bootstrap decode.
 */
import { MlportalError } from '../../errors';

/** Characters per arg, under the API's 32,768. */
export const CELL_ARG_CHARS = 32_000;
/**
 * The most encoded code a cell job carries (1 MiB of base64, about 768 KiB of code): well inside
 * Linux's 2 MiB for a command line. Data belongs in files or training sets, not in the code.
 */
export const CELL_PAYLOAD_MAX_CHARS = 1024 * 1024;

/** Code that is too large to travel as a cell job's args; says how large and what to do. */
export class CellCodeTooLargeError extends MlportalError {
  constructor(readonly encodedChars: number) {
    super(
      `the code to submit is ${Math.ceil(encodedChars / 1024)} KiB once encoded; a cell job carries at most ${CELL_PAYLOAD_MAX_CHARS / 1024} KiB: ` +
        'load data from files or training sets instead of pasting it into cells'
    );
    this.name = 'CellCodeTooLargeError';
  }
}

/** The cells (their sources, in the order they run) as the job's args. */
export function encodeCells(cells: readonly string[]): string[] {
  const encoded = utf8ToBase64(JSON.stringify({ cells }));
  if (encoded.length > CELL_PAYLOAD_MAX_CHARS) throw new CellCodeTooLargeError(encoded.length);
  const args: string[] = [];
  for (let start = 0; start < encoded.length; start += CELL_ARG_CHARS) args.push(encoded.slice(start, start + CELL_ARG_CHARS));
  return args;
}

/** The cells back from the args encodeCells made; throws naming what is wrong with them. */
export function decodeCells(args: readonly string[]): string[] {
  if (args.length === 0) throw new MlportalError('no code was given: the cell runner takes the args that encodeCells() makes');
  let payload: unknown;
  try {
    payload = JSON.parse(base64ToUtf8(args.join('')));
  } catch (error) {
    throw new MlportalError(
      `the cell runner's args are not the base64 of {"cells": [...]}: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  const cells = (payload as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells) || !cells.every((cell) => typeof cell === 'string')) {
    throw new MlportalError('the cell runner\'s payload has no "cells" list of strings');
  }
  return cells;
}

function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

function base64ToUtf8(encoded: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new Error('not base64');
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
