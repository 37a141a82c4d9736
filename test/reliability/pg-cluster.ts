// Throwaway PostgreSQL clusters of the test's own, for drills that must stop, promote or
// replicate a server (never the machine's shared one): initdb into a temp directory, a server on
// a free loopback port, and a streaming replica made with pg_basebackup. PostgreSQL refuses to
// run as root, so as root every program runs as the `postgres` user.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(join(root, v, 'bin', 'initdb')));
  return version ? join(root, version, 'bin') : null;
}

/** Why clusters cannot be made here, or null when they can. */
export function clusterUnavailable(): string | null {
  if (!binDir()) return 'PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) are not installed';
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root and there is no postgres user to run PostgreSQL as';
    }
  }
  return null;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program without blocking the event loop (servers under test share this process). */
async function run(program: string, args: string[]): Promise<string> {
  const file = join(binDir()!, program);
  const [command, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return (await promisify(execFile)(command, argv, { encoding: 'utf8' })).stdout;
}

function ownedDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

export class PgCluster {
  private constructor(readonly dataDir: string, readonly port: number, private readonly socketDir: string) {}

  /** A new primary: trust authentication on loopback, replication allowed, WAL kept for a replica. */
  static async create(port: number): Promise<PgCluster> {
    const dataDir = join(ownedDir('fairline-pg-'), 'data');
    await run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    const cluster = new PgCluster(dataDir, port, ownedDir('fairline-pg-sock-'));
    await cluster.start();
    return cluster;
  }

  /** A streaming replica of this cluster on another port (pg_basebackup -R). */
  async replica(port: number): Promise<PgCluster> {
    const dataDir = join(ownedDir('fairline-pg-replica-'), 'data');
    await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    const replica = new PgCluster(dataDir, port, ownedDir('fairline-pg-sock-'));
    await replica.start();
    return replica;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on`;
    await run('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.dataDir, '..', 'server.log'), '-w', 'start']);
  }

  async promote(): Promise<void> {
    await run('pg_ctl', ['-D', this.dataDir, '-w', 'promote']);
  }

  async stop(): Promise<void> {
    try {
      await run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
  }

  /** Stops the server and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
    rmSync(this.socketDir, { recursive: true, force: true });
  }

  async sql<T = Record<string, unknown>>(text: string, database = 'postgres'): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** A replica stops taking WAL from its primary (as if the link broke): it falls behind from here on. */
  async detach(): Promise<void> {
    writeFileSync(join(this.dataDir, 'postgresql.auto.conf'), "primary_conninfo = ''\n");
    await this.sql('select pg_reload_conf()');
    for (let i = 0; i < 100; i++) {
      const rows = await this.sql<{ n: string }>('select count(*) as n from pg_stat_wal_receiver');
      if (rows[0]?.n === '0') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the replica kept streaming');
  }
}
