import * as React from 'react';
import { describeShape } from './compare';
import type { Signature } from '@mlportal/sdk/core';

/** A version's inputs and outputs: name, element type and shape, as read from the ONNX file. */
export function SignatureTable({ signature }: { signature: Signature }): JSX.Element {
  const rows = [
    ...signature.inputs.map(tensor => ({ side: 'input', tensor })),
    ...signature.outputs.map(tensor => ({ side: 'output', tensor }))
  ];
  return (
    <div className="jp-mlportal-signature">
      <table className="jp-mlportal-table" aria-label="Signature">
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">name</th>
            <th scope="col">type</th>
            <th scope="col">shape</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ side, tensor }) => (
            <tr key={`${side}:${tensor.name}`} data-side={side} data-tensor={tensor.name}>
              <th scope="row">{side}</th>
              <td>
                <code>{tensor.name}</code>
              </td>
              <td data-field="element-type">{tensor.elementType}</td>
              <td data-field="shape">{describeShape(tensor.shape)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="jp-mlportal-muted jp-mlportal-signature-facts">
        ONNX IR {signature.irVersion}; opsets {signature.opsets.map(opset => `${opset.domain || 'ai.onnx'} ${opset.version}`).join(', ')}
        {signature.producer ? `; made by ${signature.producer}` : ''}
      </p>
    </div>
  );
}
