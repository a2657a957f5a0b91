using System.CommandLine;
using Sesame.Tool.Commands;

namespace Sesame.Tool;

// A Main of its own rather than top-level statements: ASP.NET Core's generator would make those a public Program type.
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Sesame's command-line tool: secrets, session tokens, the database schema and a user's sessions.")
        {
            SecretCommand.Create(),
            DecodeCommand.Create(),
            DbCommand.Create(),
            SessionsCommand.Create(),
        };
        return RunAsync(root.Parse(args));
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var exitCode = await parse.InvokeAsync();
        // System.CommandLine prints the errors and the help, and exits with 1; 2 tells a script that it called the tool
        // wrongly (the shell's convention for usage errors), apart from 1, a command that ran and failed.
        return parse.Errors.Count > 0 ? 2 : exitCode;
    }
}
