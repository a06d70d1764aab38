// A small reader of Dockerfiles and .dockerignore files, enough to check deploy/Dockerfile's
// structure where no Docker engine runs: instructions (continuations joined, comments and parser
// directives dropped), stages, COPY sources and flags, and Docker's ignore-pattern matching.

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  /** `AS name`, or the stage index as text. */
  name: string;
  image: string;
  instructions: Instruction[];
}

export interface CopyInstruction {
  /** `--from=<stage or image>` when given. */
  from?: string;
  flags: Record<string, string>;
  sources: string[];
  destination: string;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let current: { parts: string[]; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (current === undefined && trimmed === '')) continue;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (current === undefined) current = { parts: [], line: i + 1 };
    if (part !== '') current.parts.push(part);
    if (!continues) {
      const joined = current.parts.join(' ');
      const match = /^(\S+)\s*(.*)$/s.exec(joined);
      if (match) out.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim(), line: current.line });
      current = undefined;
    }
  }
  return out;
}

export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: asIndex >= 0 ? (words[asIndex + 1] ?? '') : String(stages.length), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** Shell-form or JSON exec-form arguments as a list of words. */
export function wordsOf(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // shell form after all
    }
  }
  return trimmed.split(/\s+/).filter((w) => w !== '');
}

export function copyOf(instruction: Instruction): CopyInstruction {
  const words = wordsOf(instruction.args);
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (const word of words) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (flag && rest.length === 0) flags[flag[1] ?? ''] = flag[2] ?? 'true';
    else rest.push(word);
  }
  return {
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    flags,
    sources: rest.slice(0, -1),
    destination: rest.at(-1) ?? '',
    line: instruction.line,
  };
}

interface IgnoreRule {
  negate: boolean;
  regex: RegExp;
}

function globToRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` matches any number of folders (also none); a trailing `**` anything.
        if (pattern[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  // A pattern that matches a folder also excludes everything beneath it.
  return new RegExp(`^${out}(?:/.*)?$`);
}

/** The rules of a .dockerignore file (comments and blank lines dropped, paths cleaned). */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const path = (negate ? l.slice(1) : l).trim().replace(/^\.?\/+/, '').replace(/\/+$/, '');
      return { negate, regex: globToRegex(path) };
    });
}

/** Docker's rule: the last pattern that matches a path decides; `!` re-includes. */
export function isIgnored(path: string, rules: readonly IgnoreRule[]): boolean {
  const clean = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  let ignored = false;
  for (const rule of rules) if (rule.regex.test(clean)) ignored = !rule.negate;
  return ignored;
}
