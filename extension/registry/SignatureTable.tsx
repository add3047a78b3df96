import * as React from 'react';
import { useTrans } from '../ui/TranslatorContext';
import { describeShape } from './compare';
import type { Signature } from '@mlportal/sdk/core';

/** A version's inputs and outputs: name, element type and shape, as read from the ONNX file. */
export function SignatureTable({ signature }: { signature: Signature }): JSX.Element {
  const trans = useTrans();
  const rows = [
    ...signature.inputs.map((tensor) => ({ side: 'input', label: trans.__('input'), tensor })),
    ...signature.outputs.map((tensor) => ({ side: 'output', label: trans.__('output'), tensor }))
  ];
  return (
    <div className="jp-mlportal-signature">
      <table className="jp-mlportal-table" aria-label={trans.__('Signature')}>
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">{trans.__('name')}</th>
            <th scope="col">{trans.__('type')}</th>
            <th scope="col">{trans.__('shape')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ side, label, tensor }) => (
            <tr key={`${side}:${tensor.name}`} data-side={side} data-tensor={tensor.name}>
              <th scope="row">{label}</th>
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
        {trans.__(
          'ONNX IR %1; opsets %2',
          signature.irVersion,
          signature.opsets.map((opset) => `${opset.domain || 'ai.onnx'} ${opset.version}`).join(', ')
        )}
        {signature.producer ? trans.__('; made by %1', signature.producer) : ''}
      </p>
    </div>
  );
}
