import * as assert from 'node:assert/strict';
import { parseDownloadJson } from '../../src/vscode/go-download-json';

describe('vscode go mod download -json', () => {
  it('splits the indented objects go prints one after another', () => {
    // The shape go@1.19.8 prints (modcmd/download.go: json.MarshalIndent(m, "", "\t") per module).
    const text = '{\n\t"Path": "rsc.io/quote",\n\t"Version": "v1.5.2",\n\t"Error": "rsc.io/quote@v1.5.2: Get \\"http://127.0.0.1:9/rsc.io/quote/@v/v1.5.2.info\\": dial tcp 127.0.0.1:9: connect: connection refused"\n}\n{\n\t"Path": "golang.org/x/text",\n\t"Version": "v0.0.0-20170915032832-14c0d48ead0c",\n\t"Info": "/m/cache/download/golang.org/x/text/@v/v0.0.0-20170915032832-14c0d48ead0c.info"\n}\n';
    const { modules, rest } = parseDownloadJson(text);
    assert.equal(modules.length, 2);
    assert.equal(modules[0].Path, 'rsc.io/quote');
    assert.match(modules[0].Error!, /connection refused/);
    assert.equal(modules[1].Error, undefined);
    assert.equal(rest, '');
  });

  it('keeps braces inside strings and returns what is not an object', () => {
    const { modules, rest } = parseDownloadJson('go: warning\n{"Path":"a/b","Error":"bad } { brace"}\n{"Path": "trunc');
    assert.equal(modules.length, 1);
    assert.equal(modules[0].Error, 'bad } { brace');
    assert.match(rest, /^go: warning/);
    assert.match(rest, /trunc$/);
  });

  it('returns nothing for empty output', () => assert.deepEqual(parseDownloadJson(''), { modules: [], rest: '' }));
});
