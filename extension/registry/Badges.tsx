import * as React from 'react';
import type { Stage } from '@mlportal/sdk/core';
import { useTrans } from '../ui/TranslatorContext';

/** A version's stage; "none" is shown muted so staged versions stand out in a list. */
export function StageBadge({ stage }: { stage: Stage }): JSX.Element {
  const trans = useTrans();
  return (
    <span
      className={`jp-mlportal-badge jp-mlportal-stage jp-mlportal-stage-${stage}`}
      data-field="stage"
      data-stage={stage}
      title={trans.__('Stage: %1', stage)}
    >
      {stage}
    </span>
  );
}

export function AliasBadges({ aliases }: { aliases: readonly string[] }): JSX.Element | null {
  const trans = useTrans();
  if (aliases.length === 0) {
    return null;
  }
  return (
    <>
      {aliases.map((alias) => (
        <span
          key={alias}
          className="jp-mlportal-badge jp-mlportal-alias"
          data-field="alias"
          data-alias={alias}
          title={trans.__('Alias: %1', alias)}
        >
          @{alias}
        </span>
      ))}
    </>
  );
}
