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
