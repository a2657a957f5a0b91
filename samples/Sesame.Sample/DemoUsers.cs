using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Sesame.Stores;

namespace Sesame.Sample;

/// <summary>The sample's users, from configuration (<c>DemoUsers</c>); every password is <c>DEMO_PASSWORD</c>.</summary>
internal sealed class DemoUsers(IReadOnlyList<DemoUser> users, string password)
{
    /// <summary>Roles an admin changed at run time (<c>POST /api/admin/users/{id}/role</c>), over the configured ones; per process.</summary>
    private readonly ConcurrentDictionary<string, string?> _changedRoles = new(StringComparer.Ordinal);

    // Found by id on every session read (role, department, active): a lookup, not a scan of the list, which the load
    // test and the benchmarks fill with a thousand users. The first entry of an id wins, as the scans did.
    private readonly Dictionary<string, DemoUser> _byId = users.DistinctBy(user => user.Id, StringComparer.Ordinal).ToDictionary(user => user.Id, StringComparer.Ordinal);

    public static DemoUsers FromConfiguration(IConfiguration configuration)
    {
        var users = configuration.GetSection("DemoUsers").Get<List<DemoUser>>() ?? [];
        var password = configuration["DEMO_PASSWORD"] is { Length: > 0 } configured ? configured : "demo-password";
        return new DemoUsers(users, password);
    }

    public string? RoleOf(string id) => _changedRoles.TryGetValue(id, out var changed) ? changed : _byId.GetValueOrDefault(id)?.Role;

    /// <summary>Gives a demo user another role (<see langword="null"/>: an ordinary user); false for an unknown user.</summary>
    public bool ChangeRole(string id, string? role)
    {
        if (!IsDemoUser(id))
        {
            return false;
        }

        _changedRoles[id] = role;
        return true;
    }

    public string? DepartmentOf(string id) => _byId.GetValueOrDefault(id)?.Department;

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
            if (passwordMatches && user.Active && string.Equals(user.Username, username, StringComparison.Ordinal))
            {
                var properties = new Dictionary<string, string?>();
                if (RoleOf(user.Id) is { } role)
                {
                    properties["role"] = role;
                }

                if (user.Department is not null)
                {
                    properties["department"] = user.Department;
                }

                return new SesameUser { Id = user.Id, Name = user.Name, Email = user.Email, Image = user.Image, Properties = properties };
            }
        }

        return null;
    }

    /// <summary>Whether the user with this id exists and is active (what a real app asks its database).</summary>
    public bool IsDemoUser(string userId) => _byId.ContainsKey(userId);

    public bool IsActive(string userId) => _byId.TryGetValue(userId, out var user) && user.Active;

    /// <summary>The users, for the admin area.</summary>
    public IReadOnlyList<DemoUser> All => users;
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

    public string? Department { get; set; }

    /// <summary>Enrolled in the TOTP second factor with the secret <c>DEMO_TOTP_SECRET</c> at start-up.</summary>
    public bool Totp { get; set; }

    /// <summary>An inactive user can neither sign in nor pass the fresh-user check of sensitive actions.</summary>
    public bool Active { get; set; } = true;
}
