import { MlportalError } from '../errors';

/**
 * A model cannot be exported to ONNX (untrained, malformed, or using something ONNX cannot express
 * exactly), or a trainer was given data it cannot learn from. The message names what was wrong.
 */
export class OnnxExportError extends MlportalError {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxExportError';
  }
}
