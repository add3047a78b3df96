import * as React from 'react';
import { useTrans } from '../ui/TranslatorContext';

/** Renders markdown into `host`; returns what undoes it. JupyterLab's own renderer, given by the plugin. */
export type MarkdownRenderer = (host: HTMLElement, markdown: string) => () => void;

export interface IModelCardProps {
  card: string;
  /** Without one (tests, no rendermime) the card shows as its markdown text. */
  renderMarkdown: MarkdownRenderer | null;
}

/** A version's model card: markdown, rendered as JupyterLab renders markdown cells (sanitized, untrusted). */
export function ModelCard({ card, renderMarkdown }: IModelCardProps): JSX.Element {
  const trans = useTrans();
  const host = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (!renderMarkdown || !host.current || !card.trim()) {
      return undefined;
    }
    return renderMarkdown(host.current, card);
  }, [card, renderMarkdown]);
  if (!card.trim()) {
    return <p className="jp-mlportal-muted">{trans.__('No model card yet.')}</p>;
  }
  return renderMarkdown ? (
    <div ref={host} className="jp-mlportal-model-card" aria-label={trans.__('Model card')} />
  ) : (
    <pre className="jp-mlportal-model-card" aria-label={trans.__('Model card')}>
      {card}
    </pre>
  );
}
