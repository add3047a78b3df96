import { MimeModel, type IRenderMimeRegistry } from '@jupyterlab/rendermime';
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
    // Not Widget.attach: React removes `host` before this effect's cleanup runs, and disposing a widget
    // Lumino still counts as attached then throws "Widget is not attached." (the sidebar went blank).
    host.appendChild(renderer.node);
    renderer.renderModel(new MimeModel({ data: { [MARKDOWN]: markdown }, trusted: false })).catch((error) => {
      console.error('mlportal: could not render the model card.', error);
      host.textContent = markdown;
    });
    return () => {
      renderer.node.remove();
      renderer.dispose();
    };
  };
}
