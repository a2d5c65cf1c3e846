// A throwaway self-signed certificate for 127.0.0.1, made once per process with openssl (no dev dependency).
//
// The Azure SDK will not send a bearer token over http, and synaml has no plain-http mode, so the fake serves
// HTTPS. The certificate is its own CA (openssl's default v3_ca extensions mark it CA:TRUE), which lets a client
// trust it through the TLS `ca` option or, for a spawned CLI, NODE_EXTRA_CA_CERTS.
//
// The private key never outlives its generation on disk: it is read into memory and its directory removed at once.
// The certificate file that NODE_EXTRA_CA_CERTS needs exists only while a fake is running (reference-counted),
// because test workers are often killed rather than exited, and an exit hook alone would leave temp dirs behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  keyPem: string;
  certPem: string;
}

let cached: TlsMaterial | undefined;

export function tlsMaterial(): TlsMaterial {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'synaml-fake-azure-key-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
        '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout', keyFile, '-out', certFile,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
    cached = { keyPem: readFileSync(keyFile, 'utf8'), certPem: readFileSync(certFile, 'utf8') };
    return cached;
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`fake-azure: could not make a test certificate with openssl: ${(e as Error).message}\n${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let certDir: string | undefined;
let certUsers = 0;
let exitHookInstalled = false;

/** The certificate as a file, kept while at least one fake holds it. */
export function acquireCertFile(): string {
  const { certPem } = tlsMaterial();
  if (!certDir) {
    certDir = mkdtempSync(join(tmpdir(), 'synaml-fake-azure-'));
    writeFileSync(join(certDir, 'ca.pem'), certPem);
    if (!exitHookInstalled) process.once('exit', removeCertDir);
    exitHookInstalled = true;
  }
  certUsers++;
  return join(certDir, 'ca.pem');
}

export function releaseCertFile(): void {
  certUsers = Math.max(0, certUsers - 1);
  if (certUsers === 0) removeCertDir();
}

function removeCertDir(): void {
  if (certDir) rmSync(certDir, { recursive: true, force: true });
  certDir = undefined;
}
