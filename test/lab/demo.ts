/**
 * `npm run lab`: starts the lab GOPROXY (HTTP and HTTPS) and its mapping proxy, prints the
 * URLs and a few GOPROXY values to try with `go-proxy-doctor resolve`, and runs until Ctrl-C.
 */
import { startChainLab, LAB_HOST } from './chain-harness';

async function runDemo(): Promise<void> {
  const lab = await startChainLab();
  const lines = [
    'Go Proxy Doctor lab (loopback only)',
    `  GOPROXY over HTTP : ${lab.http.url}`,
    `  GOPROXY over HTTPS: ${lab.https.url} (self-signed; trust it with SSL_CERT_FILE=${lab.certFile})`,
    `  forward proxy     : ${lab.proxy.url} (knows only ${LAB_HOST}; try HTTP_PROXY/HTTPS_PROXY with ${lab.expand('$Q')} or ${lab.expand('$S')})`,
    `  proxy with auth   : ${lab.authProxy.url} (lab:secret)`,
    `  test CA root      : ${lab.caRootFile} (SSL_CERT_FILE) for: ${lab.caSigned.url} (valid), ${lab.h2.url} (HTTP/2),`,
    `                      ${lab.expired.url} (expired), ${lab.noIntermediate.url} (no intermediate), ${lab.expand('$WRONG')} (wrong name, via the forward proxy)`,
    `  file:// tree      : ${lab.expand('$FILE')}`,
    '',
    'Modules: example.com/hello v1.0.0 v1.1.0, example.com/Upper v1.0.0, example.com/incompat v2.0.0+incompatible',
    'Scenarios are path prefixes: s404 s410 s401 s403 s429 s500 s502 s503 s404html long404 reset close stall slowbody',
    '  delayNNN empty html trunczip badzip redirloop redir zipredir zipredirblocked zip404 mod404 info404 nolist',
    '  emptylist nolatest badlist emptymod htmlmod wrongversion gzip cache auth sumdb tohttp (https only) d404<kind>',
    '',
    'Try:',
    ...['$P/s404,$P', '$P/s403,$P', '$P/s503|$P', '$P/empty,$P', '$P/zipredirblocked,$P', '$P/stall|$P'].map(
      (g) => `  GOPROXY='${lab.expand(g)}' go-proxy-doctor resolve example.com/hello@v1.0.0`,
    ),
    '',
    'Ctrl-C to stop.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = async () => {
    await lab.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void runDemo();
