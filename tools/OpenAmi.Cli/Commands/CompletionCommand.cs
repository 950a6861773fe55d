using System.CommandLine;
using OpenAmi.Cli.Options;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami completion bash|zsh|fish|powershell</c>: a shell script that completes verbs, options and option
/// values by asking openami itself (System.CommandLine's [suggest] directive), so it never goes stale.
/// </summary>
public static class CompletionCommand
{
    private const string Bash = """
        # openami completion for bash: source it, or put it in /etc/bash_completion.d/openami
        _openami_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(openami "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _openami_complete openami
        """;

    private const string Zsh = """
        # openami completion for zsh: put it in a directory of $fpath as _openami, or source it after compinit
        _openami() {
            local line="${BUFFER[1,CURSOR]}"
            local -a items
            items=("${(@f)$(openami "[suggest:${#line}]" "$line" 2>/dev/null)}")
            compadd -a items
            _files
        }
        compdef _openami openami
        """;

    private const string Fish = """
        # openami completion for fish: save as ~/.config/fish/completions/openami.fish
        complete -c openami -f -a '(set -l line (commandline -cp); openami "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null)'
        """;

    private const string PowerShell = """
        # openami completion for PowerShell: add to $PROFILE
        Register-ArgumentCompleter -Native -CommandName openami -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            openami "[suggest:$cursorPosition]" "$line" | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }
        """;

    public static Command Create(CliIO io)
    {
        var command = new Command("completion", "Print a shell completion script for openami (verbs, options and their values).");
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh, fish or powershell" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish", "powershell");
        command.Add(shell);
        Help.Examples(
            command,
            "openami completion bash | sudo tee /etc/bash_completion.d/openami",
            "source <(openami completion bash)",
            "openami completion fish > ~/.config/fish/completions/openami.fish");
        command.SetAction(r =>
        {
            io.Out.WriteLine(r.GetValue(shell) switch
            {
                "zsh" => Zsh,
                "fish" => Fish,
                "powershell" => PowerShell,
                _ => Bash,
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
