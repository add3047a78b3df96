import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { parseRegisteredLine, type RegisteredSummary } from '@mlportal/sdk/core';
import { untranslated } from '../../ui/untranslated';
import type { IRegisterRequest } from './form';

/** Where the version came from, for its lineage. */
export interface INotebookOrigin {
  notebookPath: string;
  cellId: string;
}

/**
 * The one line of tslab code that registers the model through the SDK's registerFromNotebook in the
 * notebook's kernel (with the kernel's MLPORTAL_URL and MLPORTAL_TOKEN, and its active run), which
 * prints the version's summary as one marked line. Everything but the variable name is a JSON
 * literal, so no field can break out of the call.
 */
export function registerCode(request: IRegisterRequest, origin: INotebookOrigin): string {
  const source = request.source.kind === 'variable' ? `model: ${request.source.name}` : `model: ${JSON.stringify(request.source.path)}`;
  const fields = [
    `name: ${JSON.stringify(request.name)}`,
    source,
    request.description ? `description: ${JSON.stringify(request.description)}` : null,
    Object.keys(request.metrics).length > 0 ? `metrics: ${JSON.stringify(request.metrics)}` : null,
    Object.keys(request.tags).length > 0 ? `tags: ${JSON.stringify(request.tags)}` : null,
    `notebookPath: ${JSON.stringify(origin.notebookPath)}`,
    `cellId: ${JSON.stringify(origin.cellId)}`
  ].filter((field): field is string => field !== null);
  // A dynamic import adds no name to the notebook's scope. tslab runs a cell as async only when an
  // await opens a statement (`void (await …)` is not), and prints a last value other than undefined.
  return `await import('@mlportal/sdk').then(sdk => sdk.registerFromNotebook({ ${fields.join(', ')} })).then(() => undefined);`;
}

/** What one silent execution printed, and whether the kernel said it failed. */
export interface IKernelOutput {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** The kernel's error message (ename: evalue), when it sent one. */
  error: string | null;
}

/**
 * Runs code in the kernel without adding it to the notebook's history or any cell; its output comes
 * back here only (tslab prints a cell's result and errors rather than sending execute_result).
 */
export async function executeQuietly(kernel: Kernel.IKernelConnection, code: string): Promise<IKernelOutput> {
  const output: IKernelOutput = { ok: false, stdout: '', stderr: '', error: null };
  const future = kernel.requestExecute({ code, silent: false, store_history: false, allow_stdin: false, stop_on_error: false });
  future.onIOPub = (message: KernelMessage.IIOPubMessage) => {
    const content = message.content as Record<string, unknown>;
    switch (message.header.msg_type) {
      case 'stream':
        if (content.name === 'stderr') output.stderr += String(content.text ?? '');
        else output.stdout += String(content.text ?? '');
        break;
      case 'execute_result':
      case 'display_data': {
        const data = (content.data ?? {}) as Record<string, unknown>;
        if (typeof data['text/plain'] === 'string') output.stdout += `${data['text/plain']}\n`;
        break;
      }
      case 'error':
        output.error = `${String(content.ename ?? 'Error')}: ${String(content.evalue ?? '')}`;
        break;
    }
  };
  const reply = await future.done;
  output.ok = reply.content.status === 'ok';
  return output;
}

export type RegisterOutcome = { ok: true; registered: RegisteredSummary } | { ok: false; message: string };

/** The registered version, or why there is none in the kernel's own words (the SDK's errors name the cause). */
export function registerOutcome(output: IKernelOutput, trans: TranslationBundle = untranslated): RegisterOutcome {
  const registered = output.ok ? parseRegisteredLine(output.stdout) : null;
  if (registered) {
    return { ok: true, registered };
  }
  const said = withoutStack(output.stderr) || output.error || withoutStack(output.stdout);
  return { ok: false, message: said || trans.__('The kernel did not register the model and said nothing about why.') };
}

/** An error as Node prints it, less the stack frames: the first lines carry the message. */
function withoutStack(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+at\s/.test(line) && line.trim() !== '')
    .join('\n')
    .trim();
}
