/**
 * The unprivileged account a root backend runs jobs as. Node has no getpwnam, and the account database on the
 * machines we run on is /etc/passwd, so it is read from there.
 */
import { readFileSync } from 'node:fs';

export interface JobUser {
  name: string;
  uid: number;
  gid: number;
}

/** The account the platform's setup creates; `nobody` serves where it was not created. */
export const DEFAULT_JOB_USERS = ['mlportal-job', 'nobody'] as const;

export function findUser(name: string, passwd = '/etc/passwd'): JobUser | undefined {
  let text: string;
  try {
    text = readFileSync(passwd, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && /^\d+$/.test(uid ?? '') && /^\d+$/.test(gid ?? '')) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/** The configured user, or the first default that exists; never root. */
export function resolveJobUser(configured: string | undefined): JobUser | { problem: string } {
  const candidates = configured ? [configured] : DEFAULT_JOB_USERS;
  for (const name of candidates) {
    const user = findUser(name);
    if (user && user.uid !== 0) return user;
    if (user) return { problem: `MLPORTAL_JOB_USER ${name} is root` };
  }
  return {
    problem: configured
      ? `there is no local user ${configured} (MLPORTAL_JOB_USER)`
      : `neither ${DEFAULT_JOB_USERS.join(' nor ')} exists as a local user`
  };
}
