import pino from 'pino';

function createLogger(level: string, fd: 1 | 2) {
  return pino(
    {
      level,
      base: { service: 'lantian-hub' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['req.headers.authorization', 'headers.authorization'],
    },
    pino.destination({ fd, sync: false }),
  );
}

/** Structured JSON logs: stdout for the server, stderr for the CLI (whose stdout carries results). */
export let logger = createLogger(process.env.LOG_LEVEL || 'info', 1);

export function configureLogger(level: string, fd: 1 | 2 = 1): void {
  logger = createLogger(level, fd);
}
