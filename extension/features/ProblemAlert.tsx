import * as React from 'react';
import type { IProblem } from './problem';

/** A failed search, with the request id to quote; nothing when there is none. */
export function ProblemAlert({ problem }: { problem: IProblem | null }): JSX.Element | null {
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
