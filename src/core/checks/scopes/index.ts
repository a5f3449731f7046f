import type { Check } from '../../model/check';
import { scopeDivergence } from './scope-divergence';
import { gitlabCi } from './gitlab-ci';
import { githubActions } from './github-actions';
import { dockerfile } from './dockerfile';
import { systemd } from './systemd';
import { dotenvDevcontainer } from './dotenv-devcontainer';

/** The scopes layer's checks, in id order. */
export const scopesChecks: Check[] = [scopeDivergence, gitlabCi, githubActions, dockerfile, systemd, dotenvDevcontainer];
