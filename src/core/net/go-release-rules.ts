/**
 * Where the network behaviour of the go command changed between the releases the doctor
 * follows. Each rule names the release it starts with and the source that shows it; each is
 * proven by test/go/chain-diff.test.ts against go1.19.8, go1.26.8 and go1.27.3.
 *
 * An unknown version (no go found) gets the oldest wording: the texts the catalogue has
 * always quoted. The proxy-env generation is `proxyVariantOf` (hosts-needed.ts).
 */
import { parseGoVersion, versionAtLeast } from '../env/go-version';

function atLeast(goVersion: string | null | undefined, minor: number): boolean {
  const v = parseGoVersion(goVersion);
  return v !== null && versionAtLeast(v, 1, minor);
}

/**
 * Go 1.20+: a failed certificate verification is a tls.CertificateVerificationError, printed
 * `tls: failed to verify certificate: x509: …` (go@1.26.8 src/crypto/tls/common.go
 * CertificateVerificationError.Error, handshake_client.go verifyServerCertificate); go1.19.8
 * prints the bare `x509: …`.
 */
export function wrapsCertificateErrors(goVersion: string | null | undefined): boolean {
  return atLeast(goVersion, 20);
}

/** An x509 verification text as this release prints it inside `Get "…": `. */
export function certificateErrorText(x509: string, goVersion: string | null | undefined): string {
  return wrapsCertificateErrors(goVersion) && x509.startsWith('x509: ') ? `tls: failed to verify certificate: ${x509}` : x509;
}

/**
 * Go 1.24+ (GOAUTH): an https request answered 4xx is sent once more, with the credentials
 * GOAUTH gives for it, and that second answer is the one go uses
 * (go@1.26.8 and go@1.27.3 src/cmd/go/internal/web/http.go, "retry the request with
 * credentials obtained by invoking GOAUTH"). go1.19.8 asks once.
 */
export function retriesClientErrors(goVersion: string | null | undefined): boolean {
  return atLeast(goVersion, 24);
}
