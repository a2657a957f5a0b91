using Sesame.Errors;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>The outcome of finding the user: the user and whether it is new, or the error that ends the sign-in.</summary>
internal readonly record struct UserResolution(SesameUser? User, bool? IsNewUser, AuthErrorCode? Error);
