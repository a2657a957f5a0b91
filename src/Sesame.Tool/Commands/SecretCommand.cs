using System.CommandLine;
using System.Security.Cryptography;

namespace Sesame.Tool.Commands;

/// <summary><c>sesame secret</c>: a new secret for AUTH_SECRET, as <c>openssl rand -base64 32</c> makes.</summary>
internal static class SecretCommand
{
    public static Command Create()
    {
        var command = new Command("secret", "Print a new secret for AUTH_SECRET: 32 random bytes, base64.");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            return 0;
        });
        return command;
    }
}
