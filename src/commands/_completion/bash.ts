/** The bash completion script. */
import { type CompletionSpec, enumFlags, header, names, q } from "./spec.ts";

export function bash(spec: CompletionSpec): string {
  const cases = spec.nodes.map((n) => {
    const words = [...n.commands.map(([c]) => c), ...(n.positional ?? [])].join(" ");
    return `    ${q(n.path)}) cmds=${q(n.commands.map(([c]) => c).join(" "))}; words=${q(words)}; flags=${q(names(n.flags))}; vflags=${q(names(n.flags, (f) => f.value))} ;;`;
  });
  const values = enumFlags(spec).map(
    ([path, flag, vals]) => `    ${path === "*" ? "*" : q(path)}"|${flag}") echo ${q(vals.join(" "))} ;;`,
  );
  return `${header("bash", "Install: source <(kohub-cli completion bash), or save it as ~/.local/share/bash-completion/completions/kohub-cli")}
_kohub_cli_spec() {
  case "$1" in
${cases.join("\n")}
    *) return 1 ;;
  esac
}

_kohub_cli_values() {
  case "$1|$2" in
${values.join("\n")}
  esac
}

_kohub_cli() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word flag="" cmds words flags vflags i skip=0 ended=0
  local gflags=${q(names(spec.globals))} gvflags=${q(names(spec.globals, (f) => f.value))}
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    _kohub_cli_spec "$path" || return 0
    if ((skip)); then
      [[ $word == "=" ]] || skip=0
      continue
    fi
    if ((!ended)) && [[ $word == "--" ]]; then ended=1; continue; fi
    if ((!ended)) && [[ $word == -* ]]; then
      if [[ " $gvflags $vflags " == *" $word "* ]]; then skip=1; flag="$word"; fi
      continue
    fi
    if [[ -n $cmds ]]; then
      [[ " $cmds " == *" $word "* ]] || return 0
      path="\${path:+$path }$word"
    fi
  done
  _kohub_cli_spec "$path" || return 0
  if ((skip)); then
    [[ $cur == "=" ]] && cur=""
    COMPREPLY=($(compgen -W "$(_kohub_cli_values "$path" "$flag")" -- "$cur"))
  elif ((!ended)) && [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags $gflags" -- "$cur"))
  elif [[ -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
  return 0
}

complete -o default -F _kohub_cli kohub-cli
`;
}
