import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A certificate and its key, as PEM text and files. */
export interface LabCert {
  name: string;
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

export interface IssueOptions {
  /** DNS names for the SAN. */
  dns?: string[];
  /** IP addresses for the SAN. */
  ips?: string[];
  /** Subject CN (default: the first DNS name). */
  cn?: string;
  /** Subject O. */
  org?: string;
  /** Signer (default: the intermediate). */
  issuer?: LabCert;
  /** Validity window (openssl `YYYYMMDDHHMMSSZ`); default: yesterday to +1 year. */
  startDate?: string;
  endDate?: string;
  ca?: boolean;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z').slice(0, 14) + 'Z';
}

/**
 * A throw-away certificate authority made with the real openssl, in a temp folder: a root,
 * an intermediate, and leaves on demand (valid, self-signed, wrong name, expired, not yet
 * valid, long chains). EC P-256 keys keep it fast.
 */
export class TestCA {
  readonly dir: string;
  readonly root: LabCert;
  readonly intermediate: LabCert;
  private n = 0;

  private constructor(dir: string, rootOrg: string) {
    this.dir = dir;
    fs.mkdirSync(path.join(dir, 'newcerts'));
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
    fs.writeFileSync(path.join(dir, 'ca.cnf'), [
      '[ca]', 'default_ca = lab', '[lab]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts',
      'serial = $dir/serial', 'default_md = sha256', 'policy = anything', 'unique_subject = no', 'email_in_dn = no', 'copy_extensions = none',
      '[anything]', 'commonName = optional', 'organizationName = optional',
      '[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', 'CN = unused', '',
    ].join('\n'));
    const rootKey = this.key('root');
    const rootCert = path.join(dir, 'root.pem');
    this.openssl(['req', '-x509', '-new', '-key', rootKey, '-subj', `/O=${rootOrg}/CN=${rootOrg} Root CA`, '-days', '3650', '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', rootCert]);
    this.root = this.load('root', rootCert, rootKey);
    this.intermediate = this.issue({ cn: `${rootOrg} Intermediate CA`, org: rootOrg, ca: true, issuer: this.root });
  }

  /** Makes a CA in a new temp folder; `rootOrg` names the organisation in its subjects. */
  static create(rootOrg = 'Go Proxy Doctor Lab'): TestCA {
    return new TestCA(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-ca-')), rootOrg);
  }

  private openssl(args: string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }).toString();
  }

  private key(name: string): string {
    const f = path.join(this.dir, `${name}.key`);
    this.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f]);
    return f;
  }

  private load(name: string, certFile: string, keyFile: string): LabCert {
    return { name, certFile, keyFile, certPem: fs.readFileSync(certFile, 'utf8'), keyPem: fs.readFileSync(keyFile, 'utf8') };
  }

  /** Issues a certificate signed by `o.issuer` (default the intermediate). */
  issue(o: IssueOptions): LabCert {
    const name = `c${++this.n}`;
    const key = this.key(name);
    const csr = path.join(this.dir, `${name}.csr`);
    const cn = o.cn ?? o.dns?.[0] ?? o.ips?.[0] ?? name;
    this.openssl(['req', '-new', '-key', key, '-subj', `${o.org ? `/O=${o.org}` : ''}/CN=${cn}`, '-out', csr]);
    const ext = path.join(this.dir, `${name}.ext`);
    const san = [...(o.dns ?? []).map((d) => `DNS:${d}`), ...(o.ips ?? []).map((i) => `IP:${i}`)];
    fs.writeFileSync(ext, ['[v3]', o.ca ? 'basicConstraints = critical,CA:TRUE' : 'basicConstraints = critical,CA:FALSE',
      o.ca ? 'keyUsage = critical,keyCertSign,cRLSign' : 'keyUsage = critical,digitalSignature', ...(o.ca ? [] : ['extendedKeyUsage = serverAuth']),
      'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', ...(san.length ? [`subjectAltName = ${san.join(',')}`] : []), ''].join('\n'));
    const issuer = o.issuer ?? this.intermediate;
    const out = path.join(this.dir, `${name}.pem`);
    const now = Date.now();
    this.openssl(['ca', '-batch', '-notext', '-config', path.join(this.dir, 'ca.cnf'), '-cert', issuer.certFile, '-keyfile', issuer.keyFile,
      '-startdate', o.startDate ?? stamp(new Date(now - 86_400_000)), '-enddate', o.endDate ?? stamp(new Date(now + 365 * 86_400_000)),
      '-extfile', ext, '-extensions', 'v3', '-in', csr, '-out', out]);
    return this.load(name, out, key);
  }

  /** A leaf that signs itself (no CA behind it). */
  selfSigned(dns: string[]): LabCert {
    const name = `s${++this.n}`;
    const key = this.key(name);
    const out = path.join(this.dir, `${name}.pem`);
    this.openssl(['req', '-x509', '-new', '-key', key, '-subj', `/CN=${dns[0]}`, '-days', '30', '-sha256',
      '-addext', `subjectAltName=${dns.map((d) => `DNS:${d}`).join(',')}`, '-out', out]);
    return this.load(name, out, key);
  }

  /** A leaf under `depth` intermediates below the root; returns it and the chain to present. */
  longChain(depth: number, dns: string[]): { leaf: LabCert; chainPem: string } {
    let issuer = this.root;
    const inters: LabCert[] = [];
    for (let i = 0; i < depth; i++) {
      issuer = this.issue({ cn: `Lab Chain CA ${i + 1}`, ca: true, issuer });
      inters.push(issuer);
    }
    const leaf = this.issue({ dns, issuer });
    return { leaf, chainPem: [leaf.certPem, ...inters.reverse().map((c) => c.certPem)].join('') };
  }

  /** Leaf + intermediate, as a server should present them. */
  fullChain(leaf: LabCert): string {
    return leaf.certPem + this.intermediate.certPem;
  }

  /** Writes `pem` into the CA's folder and returns the path (for SSL_CERT_FILE). */
  writeFile(name: string, pem: string): string {
    const f = path.join(this.dir, name);
    fs.writeFileSync(f, pem);
    return f;
  }

  static stamp = stamp;

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
