// src/core must stay vscode-free: the core tsconfig maps the module "vscode" here, and this
// file is not a module, so any import of it fails the type-check.
