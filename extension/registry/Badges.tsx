import * as React from 'react';
import type { Stage } from '@mlportal/sdk/core';

/** A version's stage; "none" is shown muted so staged versions stand out in a list. */
export function StageBadge({ stage }: { stage: Stage }): JSX.Element {
  return (
    <span className={`jp-mlportal-badge jp-mlportal-stage jp-mlportal-stage-${stage}`} data-field="stage" data-stage={stage} title={`Stage: ${stage}`}>
      {stage}
    </span>
  );
}

export function AliasBadges({ aliases }: { aliases: readonly string[] }): JSX.Element | null {
  if (aliases.length === 0) {
    return null;
  }
  return (
    <>
      {aliases.map(alias => (
        <span key={alias} className="jp-mlportal-badge jp-mlportal-alias" data-field="alias" data-alias={alias} title={`Alias: ${alias}`}>
          @{alias}
        </span>
      ))}
    </>
  );
}
