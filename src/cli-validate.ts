#!/usr/bin/env node
// `synaml validate ...`, started by the bin for that command alone: the same root program and the same `validate`
// as cli.ts (commands/program.ts, commands/validate.ts), without the other commands and what they load (the Azure
// SDK's callers, the report formats validate does not print, check-template, diff, init). Start-up is most of a
// small spec's validate, and validate runs on every push: see BENCHMARKS.md.
import { newProgram, runCli } from './commands/program.js';
import { registerValidateCommand } from './commands/validate.js';

void runCli((setExit) => {
  const program = newProgram();
  registerValidateCommand(program, setExit);
  return program;
});
