import { MimeModel, type IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import type { MarkdownRenderer } from './ModelCard';

const MARKDOWN = 'text/markdown';

/**
 * Model cards through JupyterLab's markdown renderer. Cards come from whoever registered the model,
 * so they render untrusted: sanitized, no scripts.
 */
export function markdownRenderer(rendermime: IRenderMimeRegistry): MarkdownRenderer {
  return (host, markdown) => {
    if (!host.isConnected) {
      host.textContent = markdown;
      return () => undefined;
    }
    const renderer = rendermime.createRenderer(MARKDOWN);
    Widget.attach(renderer, host);
    renderer.renderModel(new MimeModel({ data: { [MARKDOWN]: markdown }, trusted: false })).catch((error) => {
      console.error('mlportal: could not render the model card.', error);
      host.textContent = markdown;
    });
    return () => renderer.dispose();
  };
}
