/**
 * The error texts `go` prints when it cannot fetch, verify or cache modules, each mapped to
 * the checks that explain it (in the order to run them). Texts are taken from Go's source
 * (paths cited per entry, go@1.19.8 unless stated) and matched on their stable tail, since
 * prefixes changed over releases (`go get:`, `go mod download:`, `go:`), and Go 1.20 added
 * `tls: failed to verify certificate: ` before x509 errors (go@1.26.8 src/crypto/tls/common.go
 * CertificateVerificationError). Every text go1.19.8, go1.26.8 and go1.27.3 print in
 * test/go/chain-diff.test.ts is recognised (test/fixtures/errors/go-releases.json, recorded
 * from those runs, is checked by test/unit/errors-releases.test.ts).
 *
 * `proxyProblem: false` marks look-alikes: failures that proxy settings cannot fix. They are
 * answered as what they are and never sent to proxy fixes.
 */
export interface CatalogueEntry {
  kind: string;
  title: string;
  /** Matched against one logical failure (a line plus its tab-indented continuation lines). */
  pattern: RegExp;
  /** Checks that explain it, most telling first. */
  checks: string[];
  proxyProblem: boolean;
  /** Plain words: what happened and what usually causes it. */
  explanation: string;
  /** Go source the text comes from. */
  source: string;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  // --- look-alikes first: they must win over the generic patterns below ---
  {
    kind: 'missing-gosum-entry',
    title: 'go.sum lacks an entry (not a proxy problem)',
    pattern: /missing go\.sum entry/,
    checks: [],
    proxyProblem: false,
    explanation: 'go.sum has no checksum for a module the build needs. Nothing was downloaded yet and no proxy was asked; run the command go suggests (`go mod download <module>` or `go get <package>`), or `go mod tidy`, and commit go.sum.',
    source: 'src/cmd/go/internal/modload/import.go, modfetch/fetch.go',
  },
  {
    kind: 'gopls-goproxy-off',
    title: 'gopls ran go with GOPROXY=off (not your proxy setting)',
    pattern: /gopls[\s\S]*module lookup disabled by GOPROXY=off|module lookup disabled by GOPROXY=off[\s\S]*gopls/,
    checks: [],
    proxyProblem: false,
    explanation: 'gopls runs some go commands with GOPROXY=off on purpose, so that typing never triggers downloads. The module is simply not in the module cache yet: run `go mod download` (or `go mod tidy`) in a terminal, or use the "Run go mod tidy" quick fix.',
    source: 'golang.org/x/tools/gopls (go command invocations with GOPROXY=off)',
  },
  {
    kind: 'malformed-module-path-goroot',
    title: 'standard library package not found: GOROOT or Go version (not a proxy problem)',
    pattern: /malformed module path "[^"./]+(?:\/[^"]*)?": missing dot in first path element/,
    checks: ['GPD142'],
    proxyProblem: false,
    explanation: 'go treated a standard-library import (no dot in its first element) as a module path. That happens when GOROOT points at the wrong place or the Go in use is older than the package (e.g. `slices` needs Go 1.21). Check `go env GOROOT` and `go version`; proxy settings cannot fix this.',
    source: 'golang.org/x/mod/module/module.go CheckImportPath; src/cmd/go/internal/modload/import.go',
  },
  {
    kind: 'package-not-in-module',
    title: 'the module exists but lacks the package (not a proxy problem)',
    pattern: /found, but does not contain package|no required module provides package|cannot find module providing package/,
    checks: [],
    proxyProblem: false,
    explanation: 'The download worked; the package path does not exist in that module version (or no required module provides it). Check the import path and the version, then `go get <package>`.',
    source: 'src/cmd/go/internal/modload/import.go',
  },
  // --- checksum and integrity ---
  {
    kind: 'checksum-mismatch-gosum',
    title: 'download does not match go.sum',
    // The last form is the first line alone (a terminal line): go names the module right
    // after "verifying" only for go.sum (checkModSum); the database's form is
    // "m@v: verifying module: checksum mismatch" (checkSumDB).
    pattern: /checksum mismatch[\s\S]*go\.sum:|does NOT match an earlier download recorded in go\.sum|(?:^|go: )verifying [^\s@]+@[^\s:]+: checksum mismatch$/,
    checks: ['GPD804', 'GPD803', 'GPD702'],
    proxyProblem: true,
    explanation: 'The zip or go.mod go downloaded hashes differently from the line in go.sum. Either a mirror serves different bytes (a re-tagged version, a broken mirror), the module cache is corrupt, or go.sum was edited. The doctor compares mirrors, cache, go.sum and the checksum database to find which one disagrees.',
    source: 'src/cmd/go/internal/modfetch/fetch.go:665,892-900',
  },
  {
    kind: 'checksum-mismatch-sumdb',
    title: 'download does not match the checksum database',
    pattern: /verifying (?:module|go\.mod): checksum mismatch|does NOT match the one reported by the checksum server/,
    checks: ['GPD704', 'GPD702', 'GPD804'],
    proxyProblem: true,
    explanation: 'The checksum database records a different hash for this module version than what your proxy served. A mirror serves altered or re-tagged content, or (for a private module) the public database knows a different module of the same path.',
    source: 'src/cmd/go/internal/modfetch/fetch.go:718,902-910',
  },
  {
    kind: 'sumdb-misbehavior',
    title: 'checksum database inconsistency',
    pattern: /go\.sum database server misbehavior detected/,
    checks: ['GPD704', 'GPD703'],
    proxyProblem: true,
    explanation: 'Two signed tree heads of the checksum database contradict each other. Something between you and the database (a proxy) serves a forked view.',
    source: 'golang.org/x/mod/sumdb/client.go:446-447',
  },
  {
    kind: 'gosumdb-invalid',
    title: 'GOSUMDB is not a valid value',
    pattern: /invalid GOSUMDB(?: URL)?: .+|missing GOSUMDB/,
    checks: ['GPD111', 'GPD112'],
    proxyProblem: true,
    explanation: 'GOSUMDB must be `off`, a known database name (`sum.golang.org`, `sum.golang.google.cn`) or `name+hash+key` optionally followed by a URL. Values such as `sum.golang.org+insecure` do not exist. To skip the database for private modules use GOPRIVATE or GONOSUMDB.',
    source: 'src/cmd/go/internal/modfetch/sumdb.go:59-110',
  },
  {
    kind: 'sumdb-toolchain-off',
    title: 'toolchain download needs the checksum database',
    pattern: /checksum database disabled by GOSUMDB=off/,
    checks: ['GPD112', 'GPD133', 'GPD154'],
    proxyProblem: true,
    explanation: 'Since Go 1.21 the golang.org/toolchain module is always verified against the checksum database, even with GOSUMDB=off. Turn GOSUMDB back on, or set GOTOOLCHAIN=local and install the Go version yourself.',
    source: 'go@6e9546e4 src/cmd/go/internal/modfetch/sumdb.go useSumDB',
  },
  {
    kind: 'sumdb-supported-failed',
    title: 'a proxy failed the checksum-database probe',
    pattern: /reading \S+\/sumdb\/[^/\s]+\/supported: \d{3}/,
    checks: ['GPD703', 'GPD603'],
    proxyProblem: true,
    explanation: 'Before verifying, go asks each GOPROXY entry `<proxy>/sumdb/<name>/supported`. Only 404 and 410 let it move on (or any error after `|`); any other answer stops verification.',
    source: 'src/cmd/go/internal/modfetch/sumdb.go:143-193',
  },
  {
    kind: 'sumdb-not-found',
    title: 'the checksum database does not know this module (private path?)',
    pattern: /verifying [^\n]*reading \S+\/lookup\/\S+: (?:404|410)|verifying [^\n]*: (?:404|410) (?:Not Found|Gone)[\s\S]*server response:[\s\S]*not found/,
    checks: ['GPD705', 'GPD122'],
    proxyProblem: true,
    explanation: 'The public checksum database answered "not found": it cannot see this module, which usually means the module is private. Private modules must be excluded with GOPRIVATE (or GONOSUMDB); turning GOSUMDB off also disables the check for every public module.',
    source: 'golang.org/x/mod/sumdb/client.go Lookup; src/cmd/go/internal/modfetch/sumdb.go',
  },
  {
    kind: 'sumdb-unreachable',
    title: 'the checksum database cannot be reached',
    pattern: /verifying (?:module|go\.mod|[^\n]*?): [^\n]*Get "https?:\/\/[^"]+\/(?:lookup|latest|tile)[^"]*": /,
    checks: ['GPD703', 'GPD301', 'GPD401', 'GPD402', 'GPD501'],
    proxyProblem: true,
    explanation: 'go reached no checksum database: no GOPROXY entry answered 200 to `/sumdb/<name>/supported`, so go connected to the database directly, and that failed. Use a proxy that serves the database, or `GOSUMDB=sum.golang.google.cn` where sum.golang.org is blocked; for private modules set GOPRIVATE.',
    source: 'golang.org/x/mod/sumdb/client.go:216-220; src/cmd/go/internal/modfetch/sumdb.go',
  },
  // --- GOPROXY value ---
  {
    kind: 'goproxy-off',
    title: 'GOPROXY=off forbids downloads',
    pattern: /module lookup disabled by GOPROXY=off/,
    checks: ['GPD103', 'GPD141', 'GPD201'],
    proxyProblem: true,
    explanation: 'GOPROXY contains `off` (or ends with it after entries that failed), so go may not download this module. Only modules already in the module cache, or matching GONOPROXY, can be used.',
    source: 'src/cmd/go/internal/modfetch/repo.go:267',
  },
  {
    kind: 'goproxy-no-entries',
    title: 'GOPROXY has no entries',
    pattern: /GOPROXY list is not the empty string, but contains no entries/,
    checks: ['GPD101', 'GPD142', 'GPD141'],
    proxyProblem: true,
    explanation: 'GOPROXY is set to something with no usable entry (`,`, a space, `|`) — or, on Go 1.21+, it is empty and `$GOROOT/go.env` (where the default lives) is missing from this Go installation.',
    source: 'src/cmd/go/internal/modfetch/proxy.go:117-123',
  },
  {
    kind: 'goproxy-invalid-entry',
    title: 'GOPROXY has an invalid entry',
    pattern: /invalid proxy URL missing scheme: |invalid proxy URL scheme \(must be https, http, file\): |invalid file:\/\/ proxy URL with non-path elements: /,
    checks: ['GPD101', 'GPD102'],
    proxyProblem: true,
    explanation: 'One GOPROXY entry is not a URL go accepts, and one invalid entry makes every download fail. Keywords are lower-case (`direct`, `off`), URLs need `https://` (or `http://`, `file:///`).',
    source: 'src/cmd/go/internal/modfetch/proxy.go:61-127,196-222',
  },
  {
    kind: 'goproxy-credentials-insecure',
    title: 'credentials in a plain-http GOPROXY URL',
    pattern: /refusing to pass credentials to insecure URL/,
    checks: ['GPD106'],
    proxyProblem: true,
    explanation: 'go sends user:password from a GOPROXY URL only over https. Use an https proxy URL, or put the credentials in ~/.netrc for an https host.',
    source: 'src/cmd/go/internal/web/http.go:170-175',
  },
  // --- HTTP proxy ---
  {
    kind: 'tls-not-tls',
    title: 'the server does not speak TLS',
    pattern: /tls: first record does not look like a TLS handshake/,
    checks: ['GPD402', 'GPD501', 'GPD101'],
    proxyProblem: true,
    explanation: 'What answered on that port is not a TLS server. Behind `proxyconnect tcp:` it means HTTPS_PROXY says `https://` for a proxy that speaks plain HTTP (write `http://proxy:port`); otherwise a GOPROXY entry or port points at a plain-HTTP service.',
    source: 'src/crypto/tls/conn.go',
  },
  {
    kind: 'http-proxy-cgi',
    title: 'HTTP_PROXY is ignored in a CGI environment',
    pattern: /refusing to use HTTP_PROXY value in CGI environment/,
    checks: ['GPD402'],
    proxyProblem: true,
    explanation: 'REQUEST_METHOD is set, so Go refuses HTTP_PROXY (httpoxy protection). Unset REQUEST_METHOD, or use HTTPS_PROXY for https URLs.',
    source: 'golang.org/x/net/http/httpproxy/proxy.go',
  },
  {
    kind: 'http-proxy-auth',
    title: 'the HTTP proxy wants authentication (407)',
    pattern: /Proxy Authentication Required/,
    checks: ['GPD402', 'GPD105'],
    proxyProblem: true,
    explanation: 'The forward proxy from HTTPS_PROXY/HTTP_PROXY answered 407. Put the credentials in the proxy URL (`http://user:pass@proxy:port`) of HTTPS_PROXY, not in GOPROXY.',
    source: 'src/net/http/transport.go (CONNECT response)',
  },
  {
    kind: 'http-proxy-unreachable',
    title: 'the HTTP proxy cannot be reached',
    pattern: /proxyconnect tcp: /,
    checks: ['GPD402', 'GPD401', 'GPD301'],
    proxyProblem: true,
    explanation: 'go sends this request through the proxy named by HTTPS_PROXY (https URLs) or HTTP_PROXY (http URLs), and that proxy is down, refuses or is unreachable. Check the proxy address, or exclude the host with NO_PROXY.',
    source: 'src/net/http/transport.go:1578',
  },
  // --- direct ---
  {
    kind: 'direct-terminal-prompts',
    title: 'git needs credentials (direct fetch)',
    pattern: /terminal prompts disabled/,
    checks: ['GPD606', 'GPD122'],
    proxyProblem: true,
    explanation: 'go fetched the module directly with git, and git needed credentials but go disables prompts. Put credentials in ~/.netrc or a git credential helper; for private modules also set GOPRIVATE.',
    source: 'src/cmd/go/internal/modfetch/codehost/git.go (GIT_TERMINAL_PROMPT=0)',
  },
  {
    kind: 'direct-govcs',
    title: 'GOVCS forbids this version control system',
    pattern: /GOVCS disallows using \S+ for (?:public|private) /,
    checks: ['GPD606'],
    proxyProblem: true,
    explanation: 'GOVCS does not allow this VCS for this module path.',
    source: 'src/cmd/go/internal/vcs/vcs.go:871-995',
  },
  {
    kind: 'direct-unrecognized-import-path',
    title: 'direct fetch failed (go-get discovery)',
    pattern: /unrecognized import path "[^"]+"/,
    checks: ['GPD606', 'GPD122', 'GPD301'],
    proxyProblem: true,
    explanation: 'go fetched the module directly (GOPROXY reached `direct`, or GONOPROXY/GOPRIVATE matched) and the `?go-get=1` discovery request failed. For a private module check access to its host; for a public one, check why the proxy entries did not serve it.',
    source: 'src/cmd/go/internal/vcs/vcs.go; modfetch/repo.go:278-282',
  },
  {
    kind: 'direct-unknown-revision',
    title: 'the version does not exist in the repository',
    pattern: /invalid version: unknown revision|unknown revision \S+/,
    checks: ['GPD602', 'GPD701', 'GPD122'],
    proxyProblem: true,
    explanation: 'The repository has no such tag or commit — a typo, a deleted tag, or (behind proxy.golang.org) a private repository the public proxy cannot see.',
    source: 'src/cmd/go/internal/modfetch/codehost/git.go',
  },
  // --- TLS ---
  {
    kind: 'tls-unknown-authority',
    title: 'TLS certificate not trusted',
    pattern: /x509: certificate signed by unknown authority/,
    checks: ['GPD501', 'GPD505', 'GPD504'],
    proxyProblem: true,
    explanation: 'The certificate chain the server (or an intercepting corporate proxy) presented does not lead to a root go trusts. On Linux go reads SSL_CERT_FILE / SSL_CERT_DIR or the system bundle; add the corporate root there. GOINSECURE does not apply to GOPROXY traffic.',
    source: 'src/crypto/x509/verify.go; root_unix.go; printed after tls: failed to verify certificate: from Go 1.20 (src/crypto/tls/common.go CertificateVerificationError)',
  },
  {
    kind: 'tls-name-mismatch',
    title: 'TLS certificate is for another name',
    pattern: /x509: certificate is valid for .+, not \S+|x509: cannot validate certificate for \S+ because it doesn't contain any IP SANs|x509: certificate is not valid for any names|x509: certificate relies on legacy Common Name field/,
    checks: ['GPD502', 'GPD303', 'GPD501'],
    proxyProblem: true,
    explanation: 'The server presented a certificate for another host name. Often DNS sends the name to the wrong place (a sinkhole, a captive portal, a hosts-file entry) or an intercepting proxy answers for it.',
    source: 'src/crypto/x509/verify.go:69-154; printed after tls: failed to verify certificate: from Go 1.20 (src/crypto/tls/common.go CertificateVerificationError)',
  },
  {
    kind: 'tls-validity',
    title: 'TLS certificate expired or not yet valid',
    pattern: /x509: certificate has expired or is not yet valid/,
    checks: ['GPD503', 'GPD501'],
    proxyProblem: true,
    explanation: 'The certificate is outside its validity period — or this machine\'s clock is wrong. The doctor compares the local clock with the server\'s Date header.',
    source: 'src/crypto/x509/verify.go; printed after tls: failed to verify certificate: from Go 1.20 (src/crypto/tls/common.go CertificateVerificationError)',
  },
  {
    kind: 'tls-handshake-timeout',
    title: 'TLS handshake timed out',
    pattern: /net\/http: TLS handshake timeout/,
    checks: ['GPD401', 'GPD402', 'GPD501'],
    proxyProblem: true,
    explanation: 'The TCP connection opened but the TLS handshake did not finish within 10 seconds: a firewall that drops TLS to that host, a broken proxy, or an overloaded server.',
    source: 'src/net/http/transport.go (TLSHandshakeTimeout 10 s)',
  },
  {
    kind: 'tls-http-answer',
    title: 'https URL served by a plain-http server',
    pattern: /http: server gave HTTP response to HTTPS client/,
    checks: ['GPD101', 'GPD601'],
    proxyProblem: true,
    explanation: 'go spoke TLS and the server answered in plain HTTP. A GOPROXY entry written without a scheme (`host:port`) becomes `https://host:port`; write `http://` explicitly for a plain-http proxy.',
    source: 'src/net/http/client.go; modfetch/proxy.go:100-102',
  },
  {
    kind: 'http2-failure',
    title: 'HTTP/2 failure',
    pattern: /http2: |stream error: stream ID \d+; (?:INTERNAL_ERROR|PROTOCOL_ERROR)/,
    checks: ['GPD506'],
    proxyProblem: true,
    explanation: 'The HTTP/2 connection to the proxy failed, which middleboxes often cause. `GODEBUG=http2client=0` makes go use HTTP/1.1.',
    source: 'src/net/http/h2_bundle.go; GODEBUG http2client',
  },
  // --- DNS ---
  {
    kind: 'dns-no-such-host',
    title: 'DNS: the host name does not resolve',
    pattern: /lookup \S+?(?: on \S+)?: no such host/,
    checks: ['GPD301', 'GPD302', 'GPD107'],
    proxyProblem: true,
    explanation: 'The resolver says the name does not exist. Either the name is wrong (a typo in GOPROXY), the network blocks it (DNS filtering), or only an internal resolver knows it. Note: after a DNS failure of a `,`-separated entry go does not try the next one.',
    source: 'src/net/dnsclient_unix.go; modfetch/proxy.go:138-184',
  },
  {
    kind: 'dns-failure',
    title: 'DNS: the resolver failed',
    pattern: /lookup \S+?(?: on \S+)?: (?:server misbehaving|Temporary failure in name resolution|read udp [^\n]*i\/o timeout|i\/o timeout)/,
    checks: ['GPD301', 'GPD304', 'GPD302'],
    proxyProblem: true,
    explanation: 'The resolver answered with an error or not at all. Check the resolvers in /etc/resolv.conf (or the VPN\'s), and whether a local cache holds a stale answer.',
    source: 'src/net/dnsclient_unix.go',
  },
  // --- TCP ---
  {
    kind: 'tcp-refused',
    title: 'connection refused',
    pattern: /dial tcp \S+: connect: connection refused/,
    checks: ['GPD401', 'GPD402'],
    proxyProblem: true,
    explanation: 'Nothing listens at that address and port, or a firewall rejects the connection.',
    source: 'src/net/dial.go',
  },
  {
    kind: 'tcp-unreachable',
    title: 'network unreachable',
    pattern: /dial tcp \S+: connect: (?:network is unreachable|no route to host)/,
    checks: ['GPD401', 'GPD402'],
    proxyProblem: true,
    explanation: 'There is no route to that address — often an IPv6 address on a network without IPv6, or a corporate network that only allows traffic through its proxy.',
    source: 'src/net/dial.go',
  },
  {
    kind: 'tcp-timeout',
    title: 'connection timed out',
    pattern: /dial tcp \S+: (?:i\/o timeout|connect: connection timed out)/,
    checks: ['GPD401', 'GPD402'],
    proxyProblem: true,
    explanation: 'The connection attempt got no answer (dial timeout 30 s): a firewall silently dropping traffic, typically where only an HTTP proxy may reach the internet.',
    source: 'src/net/http/transport.go DefaultTransport (dial 30 s)',
  },
  {
    kind: 'tcp-reset',
    title: 'connection reset',
    pattern: /connection reset by peer|: EOF$|unexpected EOF/m,
    checks: ['GPD401', 'GPD501', 'GPD402'],
    proxyProblem: true,
    explanation: 'The connection was cut during the exchange: a middlebox that resets TLS to blocked hosts, or an overloaded server.',
    source: 'src/net',
  },
  // --- GOPROXY protocol ---
  {
    kind: 'proxy-invalid-response',
    title: 'a proxy answered 200 with something that is not a module answer',
    pattern: /invalid response from proxy "[^"]+": /,
    checks: ['GPD602', 'GPD601', 'GPD603'],
    proxyProblem: true,
    explanation: 'A GOPROXY entry answered 200 with an empty body or HTML (a login page, a captive portal). go treats that as a hard error and does not try the next entry, even after `,`.',
    source: 'src/cmd/go/internal/modfetch/proxy.go:371-394',
  },
  {
    kind: 'proxy-too-many-redirects',
    title: 'redirect loop',
    pattern: /stopped after 10 redirects/,
    checks: ['GPD604', 'GPD601'],
    proxyProblem: true,
    explanation: 'The proxy (or something in front of it) redirects in a loop; go gives up after 10 redirects.',
    source: 'src/cmd/go/internal/web/http.go:56-58',
  },
  {
    kind: 'proxy-insecure-redirect',
    title: 'redirect from https to http',
    pattern: /redirected from secure URL \S+ to insecure URL/,
    checks: ['GPD604', 'GPD124'],
    proxyProblem: true,
    explanation: 'An https proxy redirected to a plain-http URL, which go refuses. GOINSECURE does not change this for proxies; fix the redirect target on the proxy side.',
    source: 'src/cmd/go/internal/web/http.go:46-61',
  },
  {
    kind: 'proxy-gatekeeper',
    title: 'a proxy refused the request (401/403/429)',
    pattern: /reading \S+: (?:401 Unauthorized|403 Forbidden|429 Too Many Requests)|reading file:\S+: permission denied/,
    checks: ['GPD603', 'GPD602'],
    proxyProblem: true,
    explanation: 'A GOPROXY entry refused: authentication missing (credentials go in ~/.netrc for https hosts), a region or policy block, or a rate limit. After `,` go does not try the next entry for these statuses; `|` would.',
    source: 'src/cmd/go/internal/web/api.go:48-70; modfetch/proxy.go:138-184',
  },
  {
    kind: 'proxy-server-error',
    title: 'a proxy failed (5xx)',
    pattern: /reading \S+: 5\d\d [A-Za-z ]+/,
    checks: ['GPD602', 'GPD605'],
    proxyProblem: true,
    explanation: 'A GOPROXY entry answered with a server error. After `,` go stops there; only `|` falls through to the next entry on such errors.',
    source: 'src/cmd/go/internal/modfetch/proxy.go:138-184',
  },
  {
    kind: 'proxy-not-found',
    title: 'no GOPROXY entry has this module version',
    // file:// entries: a missing file is go's synthetic 404 (web/http.go, file URLs).
    pattern: /reading \S+: (?:404 Not Found|410 Gone)|reading file:\S+: no such file or directory/,
    checks: ['GPD602', 'GPD122', 'GPD701'],
    proxyProblem: true,
    explanation: 'Every entry go tried answered "not found" (404/410). Either the version does not exist (a typo, a deleted tag), a mirror has not seen it yet, or the module is private and public proxies cannot see it (set GOPRIVATE so go fetches it directly).',
    source: 'src/cmd/go/internal/web/api.go:68-70; modfetch/proxy.go:155-183',
  },
  {
    kind: 'proxy-unexpected-status',
    title: 'a proxy answered with a status go does not accept',
    // After the specific statuses above: 204, 400, 3xx left after redirects, 418, ...
    pattern: /reading \S+: [1-4]\d\d(?: [A-Za-z][^\n]*)?$/m,
    checks: ['GPD602', 'GPD601', 'GPD603'],
    proxyProblem: true,
    explanation: 'A GOPROXY entry answered with a status other than 200, 404 or 410 (e.g. 204 No Content or 400 Bad Request). Only 200 is a success for go and only 404/410 mean "not found", so after `,` go stops at this entry; `|` would try the next one. The proxy, or something in front of it, does not speak the GOPROXY protocol for this request.',
    source: 'src/cmd/go/internal/web/api.go (HTTPError, IsNotFound); modfetch/proxy.go TryProxies',
  },
  {
    kind: 'proxy-bad-zip',
    title: 'a proxy served a zip with files outside the module',
    pattern: /zip for \S+ has unexpected file /,
    checks: ['GPD602', 'GPD601', 'GPD702'],
    proxyProblem: true,
    explanation: 'The module zip a GOPROXY entry served contains files outside the `module@version/` folder every module zip must use. go accepts the answer and then rejects the zip, so it does not try the next entry. The proxy serves a hand-made or corrupted zip; compare with another mirror.',
    source: 'src/cmd/go/internal/modfetch/fetch.go downloadZip (go1.19.8, go1.26.8)',
  },
  {
    kind: 'no-matching-versions',
    title: 'no matching versions',
    pattern: /no matching versions for query "[^"]*"/,
    checks: ['GPD701', 'GPD602'],
    proxyProblem: true,
    explanation: 'A proxy answered the version list with no usable version. An empty list is an answer, not "not found", so go does not try the next `,` entry — a stale or partial mirror is the usual cause.',
    source: 'src/cmd/go/internal/modload/query.go:912-930',
  },
  {
    kind: 'proxy-wrong-version',
    title: 'a proxy returned another version',
    pattern: /proxy returned info for version \S+ instead of requested version/,
    checks: ['GPD601', 'GPD701'],
    proxyProblem: true,
    explanation: 'The proxy answered .info for a different version than asked: a broken or misconfigured mirror.',
    source: 'src/cmd/go/internal/modfetch/proxy.go:374-379',
  },
  {
    kind: 'zip-too-large',
    title: 'module zip too large',
    pattern: /downloaded zip file too large/,
    checks: ['GPD601'],
    proxyProblem: true,
    explanation: 'The zip served is larger than go accepts (500 MB): the proxy serves something that is not the module zip.',
    source: 'src/cmd/go/internal/modfetch/proxy.go:437-439',
  },
  // --- other variables ---
  {
    kind: 'goflags-insecure',
    title: '-insecure is gone',
    pattern: /-insecure flag is no longer supported/,
    checks: ['GPD132', 'GPD124'],
    proxyProblem: true,
    explanation: 'GOFLAGS (or the command line) has -insecure, which go removed. Remove it; for direct fetches over plain http use GOINSECURE for the paths that need it.',
    source: 'src/cmd/go/internal/modget/get.go:276',
  },
  {
    kind: 'goflags-invalid',
    title: 'GOFLAGS cannot be parsed',
    pattern: /parsing \$GOFLAGS: |\(from \$GOFLAGS\)|\(from %GOFLAGS%\)/,
    checks: ['GPD132'],
    proxyProblem: true,
    explanation: 'go refuses to run because GOFLAGS contains something it cannot parse or a flag this command does not know.',
    source: 'src/cmd/go/internal/base/goflags.go:28-136',
  },
  {
    kind: 'go111module-invalid',
    title: 'GO111MODULE has an invalid value',
    pattern: /unknown environment setting GO111MODULE=|invalid GO111MODULE value/,
    checks: ['GPD131'],
    proxyProblem: true,
    explanation: 'GO111MODULE accepts only `on`, `off`, `auto` or empty.',
    source: 'src/cmd/go/internal/modload/init.go:325-343',
  },
  {
    kind: 'go111module-off',
    title: 'modules are disabled (GO111MODULE=off)',
    pattern: /modules disabled by GO111MODULE=off/,
    checks: ['GPD131'],
    proxyProblem: true,
    explanation: 'GO111MODULE=off puts go in GOPATH mode: no go.mod, no GOPROXY, no checksum database. Unset it.',
    source: 'src/cmd/go/internal/modload/init.go:339',
  },
  {
    kind: 'toolchain-unavailable',
    title: 'the Go toolchain go.mod asks for cannot be downloaded',
    // `go: X requires go >= V; switching to goV` only announces a switch (Switcher.Switch
    // prints it, then execs); the failure reads `switching to go >= V: <err>`
    // (go@487a31f2 src/cmd/go/internal/toolchain/switch.go), or `download goV: <err>` /
    // `invalid toolchain: go1.22 is a language version…` (select.go).
    pattern: /toolchain not available|requires go >= \S+ \(running go|switching to go >= \S+: |invalid GOTOOLCHAIN|is a language version but not a toolchain version/,
    checks: ['GPD133', 'GPD103', 'GPD151', 'GPD152', 'GPD153'],
    proxyProblem: true,
    explanation: 'go.mod asks for a newer Go than the one installed, so go (1.21+) downloads the toolchain as the module golang.org/toolchain through GOPROXY. With GOPROXY=off, a private-only proxy, or a `go` line such as `go 1.22` where `go1.22.0` is meant, that download fails.',
    source: 'go@487a31f2 src/cmd/go/internal/toolchain/select.go, switch.go; modfetch/toolchain.go',
  },
  // --- module cache ---
  {
    kind: 'modcache-missing',
    title: 'no module cache location',
    pattern: /module cache not found: neither GOMODCACHE nor GOPATH is set/,
    checks: ['GPD801', 'GPD142'],
    proxyProblem: true,
    explanation: 'go has nowhere to put downloads: GOMODCACHE and GOPATH are both unset and HOME is missing (typical in systemd units and minimal containers).',
    source: 'src/cmd/go/internal/modfetch/cache.go',
  },
  {
    kind: 'modcache-corrupt',
    title: 'module cache is damaged',
    pattern: /missing ziphash|not a valid zip file|zip: not a valid zip file|dir has been modified|\.partial/,
    checks: ['GPD803', 'GPD802'],
    proxyProblem: true,
    explanation: 'A file in the module cache is missing or damaged (an interrupted download, a disk problem, a manual edit). `go clean -modcache` then a fresh download repairs it; the doctor shows which module.',
    source: 'src/cmd/go/internal/modfetch/fetch.go; modcmd/verify.go',
  },
];

export function entryOf(kind: string): CatalogueEntry | undefined {
  return CATALOGUE.find((e) => e.kind === kind);
}
