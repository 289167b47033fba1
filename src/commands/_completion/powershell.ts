/** The powershell completion script. */
import { type CompletionSpec, type FlagSpec, header, type NodeSpec } from "./spec.ts";

export function powershell(spec: CompletionSpec): string {
  const pq = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const list = (xs: string[]) => `@(${xs.map(pq).join(", ")})`;
  const flag = (f: FlagSpec) =>
    `@{ n = ${pq(f.name)}; d = ${pq(f.description || f.name)}; v = $${f.value}; e = ${list(f.values ?? [])} }`;
  const node = (n: NodeSpec) =>
    `    ${pq(n.path)} = @{ c = @(${n.commands.map(([c, d]) => `@{ n = ${pq(c)}; d = ${pq(d)} }`).join(", ")}); f = @(${n.flags.map(flag).join(", ")}); p = ${list(n.positional ?? [])} }`;
  return `${header("powershell", "Install: kohub-cli completion powershell | Out-String | Invoke-Expression (add that line to $PROFILE)")}
Register-ArgumentCompleter -Native -CommandName 'kohub-cli', 'kohub-cli.exe' -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $nodes = @{
${spec.nodes.map(node).join("\n")}
  }
  $globals = @(${spec.globals.map(flag).join(", ")})
  $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | Select-Object -Skip 1 | ForEach-Object { $_.Extent.Text })
  $path = ''
  $pending = $null
  foreach ($word in $words) {
    if ($pending) { $pending = $null; continue }
    $node = $nodes[$path]
    if ($word -like '-*') {
      $pending = @($node.f + $globals) | Where-Object { $_.n -eq $word -and $_.v } | Select-Object -First 1
      continue
    }
    if ($node.c.Count -gt 0) {
      if (-not ($node.c | Where-Object { $_.n -eq $word })) { return }
      $path = ("$path $word").Trim()
    }
  }
  $node = $nodes[$path]
  if ($pending) {
    $pending.e | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
      [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
  } elseif ($wordToComplete -like '-*') {
    @($node.f + $globals) | Where-Object { $_.n -like "$wordToComplete*" } | ForEach-Object {
      [System.Management.Automation.CompletionResult]::new($_.n, $_.n, 'ParameterName', $_.d)
    }
  } else {
    @($node.c) + @($node.p | ForEach-Object { @{ n = $_; d = $_ } }) |
      Where-Object { $_.n -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_.n, $_.n, 'ParameterValue', $_.d)
      }
  }
}
`;
}
