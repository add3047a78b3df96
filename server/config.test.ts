import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { generateToken } from './auth/token-format';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults, with the data dir resolved against the working directory', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toEqual({
      port: 8765,
      host: '127.0.0.1',
      dataDir: '/srv/app/.mlportal',
      store: { kind: 'sqlite', path: path.join('/srv/app/.mlportal', 'mlportal.sqlite') },
      adminToken: undefined,
      corsOrigins: [],
      maxBodyBytes: 1024 * 1024,
      maxUploadBytes: 4 * 1024 * 1024 * 1024,
      modelMaxBytes: 512 * 1024 * 1024,
      jobQueues: [{ name: 'default', executor: 'local' }],
      kubeNamespace: 'mlportal',
      jobIsolation: { mode: 'auto', trustedRoles: ['admin'], readable: [] },
      jobRetentionDays: 7,
      logLevel: 'info',
      alertIntervalSeconds: 60,
      outboundAllow: [],
      servingWorkers: os.availableParallelism() >= 2 ? 2 : 1,
      servingThreads: 1,
      maxPredictBytes: 16 * 1024 * 1024,
      mode: 'full',
      serveDeployments: [],
      serverImage: 'ghcr.io/mlportal/server:0.1.0'
    });
  });

  it('reads every variable', () => {
    const token = generateToken();
    const config = loadConfig(
      {
        MLPORTAL_PORT: '9000',
        MLPORTAL_HOST: '0.0.0.0',
        MLPORTAL_DATA_DIR: '/var/lib/mlportal',
        MLPORTAL_MONGO_URL: 'mongodb://db.example:27017',
        MLPORTAL_MONGO_DB: 'portal',
        MLPORTAL_ADMIN_TOKEN: token,
        MLPORTAL_CORS_ORIGINS: 'http://localhost:8888, https://lab.example.com',
        MLPORTAL_MAX_BODY_BYTES: '2048',
        MLPORTAL_MAX_UPLOAD_BYTES: '4096',
        MLPORTAL_MODEL_MAX_BYTES: '8192',
        MLPORTAL_JOB_QUEUES: '[{"name":"vision","executor":"local","team":"vision","gpuQuota":2}]',
        MLPORTAL_JOB_URL: 'http://mlportal.mlportal.svc:8765',
        MLPORTAL_KUBE_NAMESPACE: 'ml-jobs',
        MLPORTAL_JOB_ISOLATION: 'sandbox',
        MLPORTAL_JOB_USER: 'trainer',
        MLPORTAL_TRUSTED_JOB_ROLES: 'admin, ml-engineer',
        MLPORTAL_JOB_READABLE: '/opt/conda, /home/ml/.pyenv',
        MLPORTAL_JOB_RETENTION_DAYS: '30',
        MLPORTAL_LOG_LEVEL: 'debug',
        MLPORTAL_ALERT_INTERVAL_SECONDS: '0',
        MLPORTAL_OUTBOUND_ALLOW: '10.20.0.0/16, hooks.internal, ::1',
        MLPORTAL_SERVING_WORKERS: '3',
        MLPORTAL_SERVING_THREADS: '2',
        MLPORTAL_MAX_PREDICT_BYTES: '65536',
        MLPORTAL_MODE: 'serving',
        MLPORTAL_SERVE_DEPLOYMENTS: 'flights, churn',
        MLPORTAL_SERVER_IMAGE: 'registry.example.com/mlportal/server:dev'
      },
      '/srv/app'
    );
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/mlportal',
      store: { kind: 'mongodb', url: 'mongodb://db.example:27017', dbName: 'portal' },
      adminToken: token,
      corsOrigins: ['http://localhost:8888', 'https://lab.example.com'],
      maxBodyBytes: 2048,
      maxUploadBytes: 4096,
      modelMaxBytes: 8192,
      jobQueues: [{ name: 'vision', executor: 'local', team: 'vision', gpuQuota: 2 }],
      jobUrl: 'http://mlportal.mlportal.svc:8765',
      kubeNamespace: 'ml-jobs',
      jobIsolation: {
        mode: 'sandbox',
        user: 'trainer',
        trustedRoles: ['admin', 'ml-engineer'],
        readable: ['/opt/conda', '/home/ml/.pyenv']
      },
      jobRetentionDays: 30,
      logLevel: 'debug',
      alertIntervalSeconds: 0,
      outboundAllow: ['10.20.0.0/16', 'hooks.internal', '::1'],
      servingWorkers: 3,
      servingThreads: 2,
      maxPredictBytes: 65536,
      mode: 'serving',
      serveDeployments: ['flights', 'churn'],
      serverImage: 'registry.example.com/mlportal/server:dev'
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ MLPORTAL_MONGO_URL: '', MLPORTAL_PORT: ' ', MLPORTAL_CORS_ORIGINS: '' }, '/srv/app');
    expect(config.store.kind).toBe('sqlite');
    expect(config.port).toBe(8765);
    expect(config.corsOrigins).toEqual([]);
  });

  it.each([
    ['MLPORTAL_PORT', 'eighty', /^MLPORTAL_PORT: must be a TCP port .* from 0 to 65535 \(got "eighty"\)$/],
    ['MLPORTAL_PORT', '70000', /^MLPORTAL_PORT: .*from 0 to 65535 \(got "70000"\)$/],
    ['MLPORTAL_HOST', 'local host', /^MLPORTAL_HOST: must be a host name or IP address without spaces/],
    [
      'MLPORTAL_MONGO_URL',
      'postgres://x',
      /^MLPORTAL_MONGO_URL: must be a MongoDB connection string starting with mongodb:\/\/ or mongodb\+srv:\/\/$/
    ],
    ['MLPORTAL_MONGO_DB', 'my.db', /^MLPORTAL_MONGO_DB: must be a MongoDB database name/],
    ['MLPORTAL_ADMIN_TOKEN', 'hunter2', /^MLPORTAL_ADMIN_TOKEN: must look like mlp_ followed by 43 base64url characters/],
    ['MLPORTAL_CORS_ORIGINS', '*', /^MLPORTAL_CORS_ORIGINS: "\*": wildcards are not allowed/],
    ['MLPORTAL_CORS_ORIGINS', 'http://localhost:8888/lab', /^MLPORTAL_CORS_ORIGINS: "http:\/\/localhost:8888\/lab" is not an exact origin/],
    ['MLPORTAL_CORS_ORIGINS', 'localhost:8888', /^MLPORTAL_CORS_ORIGINS: "localhost:8888" is not an exact origin/],
    ['MLPORTAL_MAX_BODY_BYTES', '1mb', /^MLPORTAL_MAX_BODY_BYTES: must be a size in bytes, a whole number from 1 to \d+ \(got "1mb"\)$/],
    ['MLPORTAL_MAX_BODY_BYTES', '0', /^MLPORTAL_MAX_BODY_BYTES: must be a size in bytes/],
    [
      'MLPORTAL_SERVING_WORKERS',
      '0',
      /^MLPORTAL_SERVING_WORKERS: must be a number of inference worker threads, a whole number from 1 to 256 \(got "0"\)$/
    ],
    ['MLPORTAL_SERVING_THREADS', 'two', /^MLPORTAL_SERVING_THREADS: must be a number of intra-op threads per model session/],
    ['MLPORTAL_MAX_PREDICT_BYTES', '16mb', /^MLPORTAL_MAX_PREDICT_BYTES: must be a size in bytes/],
    ['MLPORTAL_MODE', 'replica', /^MLPORTAL_MODE: must be full or serving \(got "replica"\)$/],
    ['MLPORTAL_SERVE_DEPLOYMENTS', 'flights,Bad_Name', /^MLPORTAL_SERVE_DEPLOYMENTS: must be deployment names/],
    [
      'MLPORTAL_ALERT_INTERVAL_SECONDS',
      '1m',
      /^MLPORTAL_ALERT_INTERVAL_SECONDS: must be a number of seconds between alert evaluations \(0 turns the timer off\), a whole number from 0 to 86400 \(got "1m"\)$/
    ],
    [
      'MLPORTAL_OUTBOUND_ALLOW',
      '10.0.0.0/8,*.corp',
      /^MLPORTAL_OUTBOUND_ALLOW: "\*\.corp" is neither an IP address, a CIDR range .* no wildcards/
    ],
    ['MLPORTAL_OUTBOUND_ALLOW', '10.0.0.0/33', /^MLPORTAL_OUTBOUND_ALLOW: "10\.0\.0\.0\/33" is not a CIDR range/],
    ['MLPORTAL_OUTBOUND_ALLOW', 'http://hooks.internal', /^MLPORTAL_OUTBOUND_ALLOW: "http:\/\/hooks\.internal" is neither/],
    ['MLPORTAL_JOB_ISOLATION', 'chroot', /^MLPORTAL_JOB_ISOLATION: must be auto, sandbox or none \(got "chroot"\)$/],
    ['MLPORTAL_JOB_USER', 'Root User', /^MLPORTAL_JOB_USER: must be a local user name/],
    ['MLPORTAL_TRUSTED_JOB_ROLES', 'admin,superuser', /^MLPORTAL_TRUSTED_JOB_ROLES: must be roles, comma-separated, from data-engineer, /],
    ['MLPORTAL_JOB_READABLE', 'conda/bin', /^MLPORTAL_JOB_READABLE: must be absolute paths, comma-separated/],
    ['MLPORTAL_JOB_RETENTION_DAYS', 'week', /^MLPORTAL_JOB_RETENTION_DAYS: must be a number of days finished jobs keep their folders/],
    [
      'MLPORTAL_LOG_LEVEL',
      'verbose',
      /^MLPORTAL_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)$/
    ]
  ])('refuses %s=%s with a message naming the variable', (variable, value, expected) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('reports every bad variable at once, in one readable message', () => {
    let error: unknown;
    try {
      loadConfig({ MLPORTAL_PORT: '-1', MLPORTAL_LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid mlportal settings:\n/);
    expect(message).toContain('MLPORTAL_PORT');
    expect(message).toContain('MLPORTAL_LOG_LEVEL');
  });

  it('refuses a serving replica that names no deployment', () => {
    expect(problemsOf({ MLPORTAL_MODE: 'serving' })).toEqual([
      'MLPORTAL_SERVE_DEPLOYMENTS: a serving replica (MLPORTAL_MODE=serving) needs the names of the deployments it serves'
    ]);
  });

  it('names a bad job URL and namespace', () => {
    expect(() => loadConfig({ MLPORTAL_JOB_URL: 'ftp://host', MLPORTAL_KUBE_NAMESPACE: 'ML_Jobs' })).toThrow(
      /MLPORTAL_JOB_URL: must be an http:\/\/ or https:\/\/ URL[^\n]*\n.*MLPORTAL_KUBE_NAMESPACE: must be a Kubernetes namespace name/s
    );
  });

  it('never repeats a secret value in its message', () => {
    const [tokenProblem] = problemsOf({ MLPORTAL_ADMIN_TOKEN: 'mlp_tooShortSecret' });
    expect(tokenProblem).not.toContain('tooShortSecret');
    const [urlProblem] = problemsOf({ MLPORTAL_MONGO_URL: 'http://user:s3cret@db' });
    expect(urlProblem).not.toContain('s3cret');
  });
});
