/** Errors from the Kubernetes API, turned into platform errors that carry the API server's own explanation. */
import { AppError } from '../errors';

interface KubernetesStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/** A call to the Kubernetes API that failed: its status is the API server's (a refusal) or 502 (unreachable, or failed itself). */
export class KubernetesApiError extends AppError {
  constructor(status: number, code: string, message: string, details?: KubernetesStatus) {
    super(status, code, message, details);
  }
}

function statusIn(body: unknown): KubernetesStatus | undefined {
  if (typeof body === 'string') {
    try {
      return statusIn(JSON.parse(body));
    } catch {
      return body ? { message: body } : undefined;
    }
  }
  return body && typeof body === 'object' ? (body as KubernetesStatus) : undefined;
}

/**
 * `err` is usually the client's ApiException (code + Status body); anything else (a refused connection) becomes a 502.
 * Refusals of what we sent (400/422) stay 4xx so the caller sees the API server's reason; 404/409 keep their meaning.
 */
export function kubernetesFailure(err: unknown, action: string): KubernetesApiError {
  const { code, body, message } = (err ?? {}) as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof code !== 'number') {
    const why = typeof message === 'string' ? message : String(err);
    return new KubernetesApiError(502, 'kubernetes_unavailable', `Kubernetes API unreachable while ${action}: ${why}`);
  }
  const status = statusIn(body);
  const why = status?.message ?? (typeof message === 'string' ? (message.split('\n')[1] ?? message) : `HTTP ${code}`);
  const refused = code >= 400 && code < 500;
  const httpStatus = code === 422 ? 400 : refused ? code : 502;
  const what = refused ? `Kubernetes refused ${action}` : `Kubernetes failed while ${action}`;
  return new KubernetesApiError(httpStatus, `kubernetes_${(status?.reason ?? `http_${code}`).toLowerCase()}`, `${what}: ${why}`, status);
}
