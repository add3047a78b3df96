/**
 * What an alert shows to whom. A webhook's failure detail (address, port, errno, the receiver's
 * status) would let anyone who reads alerts probe the network through rules; those who may manage
 * rules need it to fix them, everyone else gets one generic line.
 */
import { type Alert, roleHas } from '@mlportal/contract';
import type { Principal } from '../../platform/principal';
import { WEBHOOK_FAILED_FOR_READERS } from './webhook';

export function alertFor(principal: Principal, alert: Alert): Alert {
  if (principal.roles.some((role) => roleHas(role, 'alerts:manage'))) return alert;
  const { webhook } = alert;
  if (webhook.status === 'failed') return { ...alert, webhook: { status: 'failed', error: WEBHOOK_FAILED_FOR_READERS } };
  if (webhook.status === 'sent') return { ...alert, webhook: { status: 'sent' } };
  return alert;
}
