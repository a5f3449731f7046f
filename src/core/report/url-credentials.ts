/**
 * Where the credentials of a URL are, as go finds them. Generous on purpose: a character go
 * would reject still counts as part of a password here, because go's own parse errors print the
 * URL whole (url.Error quotes it) and we never may.
 */

/**
 * The userinfo of `url`, or null. The authority runs from `//` to the first `/` and the userinfo
 * ends at its LAST `@` (go1.26.8 src/net/url/url.go parse and parseAuthority:
 * `i := strings.LastIndex(authority, "@")`), so `https://u:p@ss@host` has the password `p@ss`.
 * go cuts `#` and `?` before it looks for the authority; a `#` or `?` written inside a
 * password is kept in it here, so that such a password is not half printed.
 */
export function userinfoOf(url: string): string | null {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url);
  const rest = m ? url.slice(m[0].length) : url;
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  return at < 0 ? null : authority.slice(0, at);
}

/**
 * The secret part of a userinfo: the password (after the first `:`, as go's
 * `strings.Cut(userinfo, ":")`), or the whole of a user-only userinfo (usually a token:
 * `https://TOKEN@github.com`).
 */
export function secretOfUserinfo(info: string): string {
  const colon = info.indexOf(':');
  return colon < 0 ? info : info.slice(colon + 1);
}

/** Variables whose value is one URL (or a list of them), in go's or curl's sense. */
const PROXY_VARS = /^(?:HTTPS?_PROXY|ALL_PROXY|FTP_PROXY)$/i;

/**
 * The URLs go would build from variable `name` set to `value`, with the scheme go adds to an
 * entry written without one:
 * - GOPROXY: entries split at `,` and `|`, trimmed, and `https://` added to an entry holding
 *   `.`, `:` or `/` but no `:/` that is not an absolute path (go1.26.8
 *   src/cmd/go/internal/modfetch/proxy.go proxyList);
 * - GOSUMDB: the optional second field is the database URL (go1.26.8
 *   src/cmd/go/internal/modfetch/sumdb.go dbDial);
 * - HTTP_PROXY, HTTPS_PROXY (any case): `http://` added when the value does not parse as a URL
 *   with a scheme and a host (go1.26.8 src/vendor/golang.org/x/net/http/httpproxy/proxy.go
 *   parseProxy); ALL_PROXY and FTP_PROXY are read the same way by curl and git.
 * Any other variable: the value itself when it has a userinfo.
 */
export function urlsOfVariable(name: string, value: string): string[] {
  const v = value.trim();
  if (!v) return [];
  if (name === 'GOPROXY') {
    return v.split(/[,|]/).map((e) => e.trim()).filter(Boolean).map((e) => (/[.:/]/.test(e) && !e.includes(':/') && !e.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(e) ? `https://${e}` : e));
  }
  if (name === 'GOSUMDB') {
    const f = v.split(/\s+/);
    return f.length >= 2 ? [f[1]] : [];
  }
  if (PROXY_VARS.test(name)) return [/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]/.test(v) ? v : `http://${v}`];
  return [v];
}

/** The passwords and tokens in the URLs of variable `name` (raw as written, and decoded). */
export function credentialsOfVariable(name: string, value: string): string[] {
  const out: string[] = [];
  for (const url of urlsOfVariable(name, value)) {
    const info = userinfoOf(url);
    if (info === null) continue;
    const secret = secretOfUserinfo(info);
    out.push(secret, safeDecode(secret));
  }
  return out;
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
