import * as React from 'react';

/** A labelled form control of the wizard: the label names the control for assistive technology. */
export function Field(props: { label: string; hint?: string; children: React.ReactElement }): JSX.Element {
  return (
    <label className="jp-mlportal-wizard-field">
      <span className="jp-mlportal-wizard-label">{props.label}</span>
      {props.children}
      {props.hint && <span className="jp-mlportal-muted jp-mlportal-wizard-hint">{props.hint}</span>}
    </label>
  );
}

/** A problem of a step, quoted with its request id for support. */
export function ProblemAlert({ problem }: { problem: { message: string; requestId: string | null } | null }): JSX.Element | null {
  if (!problem) {
    return null;
  }
  return (
    <p role="alert" className="jp-mlportal-problem">
      {problem.message}
      {problem.requestId && <span className="jp-mlportal-request-id"> (request id {problem.requestId})</span>}
    </p>
  );
}
