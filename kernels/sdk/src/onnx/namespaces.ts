// The SDK entry re-exports these two namespaces in one line: `import { onnx, train } from '@mlportal/sdk'`.
export * as onnx from './index';
export * as train from '../train/index';
