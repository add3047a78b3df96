import * as React from 'react';
import type { IProblem } from './problem';
import { useTrans } from './TranslatorContext';

export interface IPageFrameProps {
  /** The section's class, which styles the page (jp-mlportal-group, jp-mlportal-model, …). */
  className: string;
  /** The section's aria-label. */
  label: string;
  /** The back button's words, after its arrow. */
  back: React.ReactNode;
  onBack(): void;
  heading: React.ReactNode;
  loading: boolean;
  /** Whether what the page shows has arrived: "Loading…" shows only until it has. */
  loaded: boolean;
  problem: IProblem | null;
  /** What the page shows, once loaded. */
  children: React.ReactNode;
}

/** What every sidebar page has around its content: a way back, its heading, loading and failure. */
export function PageFrame(props: IPageFrameProps): JSX.Element {
  const trans = useTrans();
  return (
    <section className={props.className} aria-label={props.label} aria-busy={props.loading}>
      <button type="button" className="jp-mlportal-link-button" onClick={props.onBack}>
        ← {props.back}
      </button>
      <h3 className="jp-mlportal-group-name">{props.heading}</h3>
      {props.loading && !props.loaded && <p className="jp-mlportal-loading">{trans.__('Loading…')}</p>}
      {props.problem && (
        <p role="alert" className="jp-mlportal-problem">
          {props.problem.message}
        </p>
      )}
      {props.children}
    </section>
  );
}
