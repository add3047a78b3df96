import type { JobState } from '@mlportal/sdk/core';
import * as React from 'react';
import { useTrans } from '../../ui/TranslatorContext';

/** A job's state as a coloured badge. */
export function JobStateBadge({ state }: { state: JobState }): JSX.Element {
  const trans = useTrans();
  return (
    <span
      className={`jp-mlportal-badge jp-mlportal-job-state jp-mlportal-job-state-${state}`}
      data-field="state"
      data-state={state}
      title={trans.__('State: %1', state)}
    >
      {state}
    </span>
  );
}
