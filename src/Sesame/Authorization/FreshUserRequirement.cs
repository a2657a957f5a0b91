using Microsoft.AspNetCore.Authorization;
using Sesame.Access;

namespace Sesame.Authorization;

/// <summary>An authorization requirement: the session's user passes <see cref="SesameAccessOptions.ValidateUser"/>.</summary>
internal sealed class FreshUserRequirement : IAuthorizationRequirement;
