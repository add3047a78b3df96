import * as React from 'react';
import type { IProblem } from './problem';
import { useTrans } from './TranslatorContext';

/** A failed request, with the request id to quote; nothing when there is none. */
export function ProblemAlert({ problem }: { problem: Pick<IProblem, 'message' | 'requestId'> | null }): JSX.Element | null {
  const trans = useTrans();
  if (!problem) {
    return null;
  }
  return (
    <p role="alert" className="jp-mlportal-problem">
      {problem.message}
      {problem.requestId && <span className="jp-mlportal-request-id"> {trans.__('(request id %1)', problem.requestId)}</span>}
    </p>
  );
}
