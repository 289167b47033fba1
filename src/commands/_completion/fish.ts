/** The fish completion script. */
import { type CompletionSpec, type FlagSpec, header } from "./spec.ts";

export function fish(spec: CompletionSpec): string {
  const fq = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lines = (words: string[]) => (words.length ? `printf '%s\\n' ${words.map(fq).join(" ")}` : "true");
  const flagLine = (f: FlagSpec, cond?: string) =>
    [
      "complete -c kohub-cli",
      cond ? `-n ${fq(`__kohub_cli_is ${fq(cond)}`)}` : "",
      f.name.startsWith("--") ? `-l ${f.name.slice(2)}` : `-s ${f.name.slice(1)}`,
      f.values ? `-x -a ${fq(f.values.join(" "))}` : f.value ? "-r" : "",
      `-d ${fq(f.description)}`,
    ]
      .filter(Boolean)
      .join(" ");
  const out = [
    header("fish", "Install: kohub-cli completion fish > ~/.config/fish/completions/kohub-cli.fish"),
    "function __kohub_cli_cmds",
    '    switch "$argv[1]"',
    ...spec.nodes
      .filter((n) => n.commands.length)
      .flatMap((n) => [`        case ${fq(n.path)}`, `            ${lines(n.commands.map(([c]) => c))}`]),
    "    end",
    "end",
    "",
    "function __kohub_cli_vflags",
    `    ${lines(spec.globals.filter((f) => f.value).map((f) => f.name))}`,
    '    switch "$argv[1]"',
    ...spec.nodes
      .filter((n) => n.flags.some((f) => f.value))
      .flatMap((n) => [
        `        case ${fq(n.path)}`,
        `            ${lines(n.flags.filter((f) => f.value).map((f) => f.name))}`,
      ]),
    "    end",
    "end",
    "",
    "# The command path typed so far (empty for the root), or '?' when a word is not a command.",
    "function __kohub_cli_path",
    "    set -l tokens (commandline -opc)",
    '    set -l cpath ""',
    "    set -l skip 0",
    "    for word in $tokens[2..-1]",
    "        if test $skip = 1",
    "            set skip 0",
    "            continue",
    "        end",
    "        if string match -q -- '-*' $word",
    '            contains -- $word (__kohub_cli_vflags "$cpath"); and set skip 1',
    "            continue",
    "        end",
    '        set -l cmds (__kohub_cli_cmds "$cpath")',
    "        if test (count $cmds) -gt 0",
    "            contains -- $word $cmds; or begin; echo '?'; return; end",
    '            set cpath (string trim -- "$cpath $word")',
    "        end",
    "    end",
    '    echo "$cpath"',
    "end",
    "",
    "function __kohub_cli_is",
    "    set -l p (__kohub_cli_path)",
    '    test "$p" = "$argv[1]"',
    "end",
    "",
  ];
  for (const n of spec.nodes) {
    for (const [c, d] of n.commands)
      out.push(`complete -c kohub-cli -f -n ${fq(`__kohub_cli_is ${fq(n.path)}`)} -a ${fq(c)} -d ${fq(d)}`);
    for (const f of n.flags) out.push(flagLine(f, n.path));
    if (n.positional)
      out.push(
        `complete -c kohub-cli -f -n ${fq(`__kohub_cli_is ${fq(n.path)}`)} -a ${fq(n.positional.join(" "))}`,
      );
  }
  for (const f of spec.globals) out.push(flagLine(f));
  return `${out.join("\n")}\n`;
}
