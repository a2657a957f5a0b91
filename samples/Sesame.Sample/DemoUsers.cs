using System.Security.Cryptography;
using System.Text;
using Sesame.Stores;

namespace Sesame.Sample;

/// <summary>The sample's users, from configuration (<c>DemoUsers</c>); every password is <c>DEMO_PASSWORD</c>.</summary>
internal sealed class DemoUsers(IReadOnlyList<DemoUser> users, string password)
{
    public static DemoUsers FromConfiguration(IConfiguration configuration)
    {
        var users = configuration.GetSection("DemoUsers").Get<List<DemoUser>>() ?? [];
        var password = configuration["DEMO_PASSWORD"] is { Length: > 0 } configured ? configured : "demo-password";
        return new DemoUsers(users, password);
    }

    public string? RoleOf(string id) => users.FirstOrDefault(u => u.Id == id)?.Role;

    public SesameUser? Authorize(string? username, string? candidate)
    {
        if (username is null || candidate is null)
        {
            return null;
        }

        var passwordMatches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        foreach (var user in users)
        {
            if (passwordMatches && string.Equals(user.Username, username, StringComparison.Ordinal))
            {
                var properties = new Dictionary<string, string?>();
                if (user.Role is not null)
                {
                    properties["role"] = user.Role;
                }

                return new SesameUser { Id = user.Id, Name = user.Name, Email = user.Email, Image = user.Image, Properties = properties };
            }
        }

        return null;
    }
}

/// <summary>One configured demo user.</summary>
internal sealed class DemoUser
{
    public string Username { get; set; } = "";

    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Image { get; set; }

    public string? Role { get; set; }
}
