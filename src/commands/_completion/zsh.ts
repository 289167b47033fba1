/** The zsh completion script. */
import { type CompletionSpec, enumFlags, header, names, q } from "./spec.ts";

export function zsh(spec: CompletionSpec): string {
  const item = (name: string, d: string) => q(`${name.replace(/:/g, "\\:")}:${d}`);
  const arr = (items: string[]) => `(${items.join(" ")})`;
  const cases = spec.nodes.map((n) => {
    const cmds = n.commands.map(([c, d]) => item(c, d));
    const flags = n.flags.map((f) => item(f.name, f.description));
    return `    ${q(n.path)}) cmds=${arr(cmds)}; flags=${arr(flags)}; vflags=(${names(n.flags, (f) => f.value)}); pos=(${(n.positional ?? []).join(" ")}) ;;`;
  });
  const values = enumFlags(spec).map(
    ([path, flag, vals]) => `    ${path === "*" ? "*" : q(path)}"|${flag}") reply=(${vals.join(" ")}) ;;`,
  );
  return `#compdef kohub-cli
${header("zsh", 'Install: source <(kohub-cli completion zsh) after compinit, or save it as "$fpath[1]/_kohub-cli"')}
_kohub_cli_spec() {
  case "$1" in
${cases.join("\n")}
    *) return 1 ;;
  esac
}

_kohub_cli_values() {
  reply=()
  case "$1|$2" in
${values.join("\n")}
  esac
}

_kohub-cli() {
  local -a cmds flags vflags pos reply all
  local cpath="" word flag="" i skip=0 ended=0 cur="\${words[CURRENT]}"
  local -a gflags=(${spec.globals.map((f) => item(f.name, f.description)).join(" ")})
  local -a gvflags=(${names(spec.globals, (f) => f.value)})
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    _kohub_cli_spec "$cpath" || return 1
    if ((skip)); then skip=0; continue; fi
    if ((!ended)) && [[ $word == "--" ]]; then ended=1; continue; fi
    if ((!ended)) && [[ $word == -* ]]; then
      if [[ $word != *=* ]] && (( \${gvflags[(Ie)$word]} || \${vflags[(Ie)$word]} )); then skip=1; flag="$word"; fi
      continue
    fi
    if ((\${#cmds})); then
      (( \${cmds[(I)\${(b)word}:*]} )) || return 1
      cpath="\${cpath:+$cpath }$word"
    fi
  done
  _kohub_cli_spec "$cpath" || return 1
  if ((skip)); then
    _kohub_cli_values "$cpath" "$flag"
    if ((\${#reply})); then compadd -a reply; else _files; fi
  elif ((!ended)) && [[ $cur == -* ]]; then
    all=("\${flags[@]}" "\${gflags[@]}")
    _describe -t flags flag all
  elif ((\${#cmds})); then
    _describe -t commands command cmds
  elif ((\${#pos})); then
    compadd -a pos
  else
    _files
  fi
}

if [ "$funcstack[1]" = "_kohub-cli" ]; then
  _kohub-cli "$@"
else
  compdef _kohub-cli kohub-cli
fi
`;
}
