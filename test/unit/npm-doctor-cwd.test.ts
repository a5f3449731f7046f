import { DEFAULT_GO } from '../go/go-versions';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// `npm run doctor` diagnoses the folder it is called from (npm's INIT_CWD), not the package's
// own folder where npm runs scripts: from a Go project inside the checkout, the report names
// that project and reads its go.mod.
const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('npm run doctor: the folder the user stands in', function () {
  this.timeout(180000);
  let project = '';
  let home = '';
  before(() => {
    // Under out/ (build output, ignored by git): a subfolder of the package, as a user's would be.
    project = fs.mkdtempSync(path.join(ROOT, 'out', 'gpd-doctor-cwd-'));
    home = fs.mkdtempSync(path.join(ROOT, 'out', 'gpd-doctor-home-'));
    fs.mkdirSync(path.join(project, 'sub'));
    fs.writeFileSync(path.join(project, 'sub', 'go.mod'), 'module example.com/standing/here\n\ngo 1.19\n');
  });
  after(() => {
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('names the subfolder npm was called from, and relative arguments resolve from there', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${DEFAULT_GO.binDir}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home, GOPATH: path.join(home, 'go'), GOCACHE: path.join(home, 'cache'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local',
      npm_config_update_notifier: 'false',
    };
    delete env.INIT_CWD;
    const here = path.join(project, 'sub');
    const r = spawnSync('npm', ['run', '--silent', 'doctor', '--', '--offline', '--format', 'json'], { cwd: here, env, encoding: 'utf8', timeout: 150000 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).dir, here);
    const up = spawnSync('npm', ['run', '--silent', 'doctor', '--', '..', '--offline', '--format', 'json'], { cwd: here, env, encoding: 'utf8', timeout: 150000 });
    assert.ok(up.status === 0 || up.status === 1, `exit ${up.status}: ${up.stderr}`);
    assert.equal(JSON.parse(up.stdout).dir, project);
  });
});
