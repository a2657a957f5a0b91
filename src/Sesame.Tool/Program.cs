using System.CommandLine;
using Sesame.Tool.Commands;

namespace Sesame.Tool;

// A Main of its own rather than top-level statements: ASP.NET Core's generator would make those a public Program type.
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Sesame's command-line tool: secrets, session tokens and the database schema.")
        {
            SecretCommand.Create(),
            DecodeCommand.Create(),
            DbCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
