namespace Sesame.Providers.Credentials;

/// <summary>A field of the built-in credentials sign-in form.</summary>
/// <param name="Name">The form field name, e.g. <c>username</c>.</param>
/// <param name="Label">The label shown.</param>
/// <param name="Type">The HTML input type, e.g. <c>text</c> or <c>password</c>.</param>
/// <param name="Placeholder">A placeholder, if any.</param>
public sealed record CredentialField(string Name, string Label, string Type = "text", string? Placeholder = null);
