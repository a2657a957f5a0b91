using Microsoft.AspNetCore.Authorization;

namespace Sesame.Access;

/// <summary>An authorization requirement: the session's user passes <see cref="SesameAccessOptions.ValidateUser"/>.</summary>
internal sealed class FreshUserRequirement : IAuthorizationRequirement;
