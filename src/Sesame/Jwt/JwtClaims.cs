using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sesame.Serialization;

namespace Sesame.Jwt;

/// <summary>
/// The claims of a session token (next-auth's <c>JWT</c> object): the standard claims next-auth writes,
/// typed, and any custom claim the <c>jwt</c> callback adds, kept as JSON so that it round-trips unchanged.
/// </summary>
/// <remarks>
/// Claim names are next-auth's: <c>sub</c>, <c>name</c>, <c>email</c>, <c>picture</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>.
/// <c>iat</c>, <c>exp</c> and <c>jti</c> are overwritten each time the token is encoded.
/// </remarks>
[JsonConverter(typeof(JwtClaimsJsonConverter))]
public sealed class JwtClaims
{
    private string? _subject;
    private string? _name;
    private string? _email;
    private string? _picture;
    private long? _issuedAt;
    private long? _expiresAt;
    private long? _notBefore;
    private string? _tokenId;
    private JsonObject? _custom;

    // Which profile claims the token has, null included: next-auth writes `picture: null` but leaves an undefined one
    // out, and its session then shows `image: null` or no `image` at all. Setting a claim (even to null) makes it present.
    private ProfileClaims _present;

    // Custom claims read from a token and not yet wanted as JSON nodes: where their JSON text is in a copy of the payload,
    // and a string claim's value, so that GetString answers without building nodes. Parsed into _custom on first use.
    private UnparsedClaim[]? _unparsed;
    private int _unparsedCount;
    private byte[]? _unparsedSource;

    // Change tracking while the jwt callback runs on a read (see BeginTracking): whether a setter changed a value, and
    // the custom claims as JSON from the moment they were handed out mutably, to compare with afterwards.
    private bool _tracking;
    private bool _changed;
    private byte[]? _customSnapshot;

    /// <summary>The user id (<c>sub</c>).</summary>
    [JsonPropertyName("sub")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get => _subject; set => _subject = Track(_subject, value, ProfileClaims.Subject); }

    /// <summary>The user's display name (<c>name</c>).</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get => _name; set => _name = Track(_name, value, ProfileClaims.Name); }

    /// <summary>The user's e-mail address (<c>email</c>).</summary>
    [JsonPropertyName("email")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get => _email; set => _email = Track(_email, value, ProfileClaims.Email); }

    /// <summary>The user's picture URL (<c>picture</c>; the session shows it as <c>user.image</c>).</summary>
    [JsonPropertyName("picture")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Picture { get => _picture; set => _picture = Track(_picture, value, ProfileClaims.Picture); }

    /// <summary>Issued-at time in seconds since the Unix epoch (<c>iat</c>); set on every encoding.</summary>
    [JsonPropertyName("iat")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? IssuedAt { get => _issuedAt; set => _issuedAt = Track(_issuedAt, value); }

    /// <summary>Expiry in seconds since the Unix epoch (<c>exp</c>); set on every encoding. 64-bit: next-auth vectors expire after 2106.</summary>
    [JsonPropertyName("exp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ExpiresAt { get => _expiresAt; set => _expiresAt = Track(_expiresAt, value); }

    /// <summary>Not-before time in seconds since the Unix epoch (<c>nbf</c>), when a foreign encoder wrote one.</summary>
    [JsonPropertyName("nbf")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? NotBefore { get => _notBefore; set => _notBefore = Track(_notBefore, value); }

    /// <summary>A unique token id (<c>jti</c>); a new one on every encoding.</summary>
    [JsonPropertyName("jti")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TokenId { get => _tokenId; set => _tokenId = Track(_tokenId, value); }

    /// <summary>Custom claims (role, department, …) as JSON, by claim name.</summary>
    [JsonExtensionData]
    public JsonObject? Custom
    {
        get
        {
            // the caller may change the object in place: remember how it was
            SnapshotCustom();
            return CustomClaims;
        }
        set
        {
            SnapshotCustom();
            _custom = value;
            Volatile.Write(ref _unparsed, null);
        }
    }

    /// <summary>The custom claims, for Sesame's own readers and writers, which never change them.</summary>
    internal JsonObject? CustomClaims => Volatile.Read(ref _unparsed) is null ? _custom : ParseUnparsed();

    /// <summary>Adds a claim read from a token (the decoder's path: no tracking, last duplicate wins as with <c>JSON.parse</c>).</summary>
    internal void AddParsed(string name, JsonNode? value) => (_custom ??= [])[name] = value;

    /// <summary>
    /// Adds a claim read from a token as its JSON text, <paramref name="length"/> bytes of <paramref name="source"/> from
    /// <paramref name="start"/> (every claim of a token shares one source), with its value when it is a JSON string.
    /// </summary>
    internal void AddUnparsed(string name, byte[] source, int start, int length, string? text)
    {
        _unparsedSource = source;
        var unparsed = _unparsed ??= new UnparsedClaim[4];
        if (_unparsedCount == unparsed.Length)
        {
            Array.Resize(ref _unparsed, unparsed.Length * 2);
        }

        _unparsed[_unparsedCount++] = new UnparsedClaim(name, start, length, text);
    }

    /// <summary>Reads a custom claim, or <see langword="null"/> when it is absent.</summary>
    public JsonNode? Get(string name)
    {
        var node = JsonFields.Get(CustomClaims, name);
        if (node is not null)
        {
            // a node can be changed, or lead to its parent (the custom claims) which can
            SnapshotCustom();
        }

        return node;
    }

    /// <summary>Reads a custom claim as a string, or <see langword="null"/> when it is absent or not a string.</summary>
    public string? GetString(string name)
    {
        if (Volatile.Read(ref _unparsed) is { } unparsed)
        {
            // the last of duplicate names wins, as when they are parsed
            ArgumentNullException.ThrowIfNull(name);
            for (var index = _unparsedCount - 1; index >= 0; index--)
            {
                if (string.Equals(unparsed[index].Name, name, StringComparison.Ordinal))
                {
                    return unparsed[index].Text;
                }
            }

            return null;
        }

        return JsonFields.Get(_custom, name) is JsonValue value && value.TryGetValue(out string? text) ? text : null;
    }

    /// <summary>
    /// Reads a custom claim that is a whole number (seconds since the Unix epoch, as <c>auth_time</c>), or
    /// <see langword="null"/> when it is absent or not one. Allocates nothing: a claim not parsed yet is read from its
    /// JSON text, so the per-request lifetime check costs no nodes.
    /// </summary>
    internal long? GetSeconds(string name) => TryGetUnparsed(name, out var text, out var found)
        ? found && System.Buffers.Text.Utf8Parser.TryParse(text, out long seconds, out var consumed) && consumed == text.Length ? seconds : null
        : JsonFields.Get(_custom, name) is JsonValue value && value.TryGetValue(out long parsed) ? parsed : null;

    /// <summary>
    /// Reads a custom claim that is a JSON boolean, or <see langword="null"/> when it is absent or not one. Allocates
    /// nothing, as <see cref="GetSeconds"/>: the per-request lifetime check reads it.
    /// </summary>
    internal bool? GetBoolean(string name) => TryGetUnparsed(name, out var text, out var found)
        ? !found ? null : text.SequenceEqual("true"u8) ? true : text.SequenceEqual("false"u8) ? false : null
        : JsonFields.Get(_custom, name) is JsonValue value && value.TryGetValue(out bool parsed) ? parsed : null;

    /// <summary>
    /// While the claims are not parsed yet (true), the JSON text of claim <paramref name="name"/> (the last of
    /// duplicates, as <c>JSON.parse</c> keeps), if <paramref name="found"/>; false once they are parsed.
    /// </summary>
    private bool TryGetUnparsed(string name, out ReadOnlySpan<byte> text, out bool found)
    {
        text = default;
        found = false;
        var unparsed = Volatile.Read(ref _unparsed);
        // read after _unparsed: ParseUnparsed clears the source before it clears _unparsed, and _custom is set by then
        var source = _unparsedSource;
        if (unparsed is null || source is null)
        {
            return false;
        }

        for (var index = _unparsedCount - 1; index >= 0; index--)
        {
            var claim = unparsed[index];
            if (string.Equals(claim.Name, name, StringComparison.Ordinal))
            {
                text = source.AsSpan(claim.Start, claim.Length);
                found = true;
                break;
            }
        }

        return true;
    }

    /// <summary>Sets (or, with <see langword="null"/>, removes) a custom claim.</summary>
    public void Set(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_tracking && !_changed)
        {
            JsonNode? current = null;
            var present = CustomClaims is { } custom && custom.TryGetPropertyValue(name, out current);
            // null removes the claim; anything else changes the token unless it is written as the same JSON
            _changed = value is null ? present : !present || !JsonFields.SameJson(current, value);
        }

        _custom = JsonFields.Set(CustomClaims, name, value);
    }

    /// <summary>A deep copy, so that a callback can change a token without changing the one it was given.</summary>
    public JwtClaims Clone() => new()
    {
        _subject = _subject,
        _name = _name,
        _email = _email,
        _picture = _picture,
        _issuedAt = _issuedAt,
        _expiresAt = _expiresAt,
        _notBefore = _notBefore,
        _tokenId = _tokenId,
        _present = _present,
        _custom = _custom?.DeepClone().AsObject(),
        // claims not parsed yet are immutable text: the copy shares them
        _unparsed = _unparsed,
        _unparsedCount = _unparsedCount,
        _unparsedSource = _unparsedSource,
    };

    /// <summary>
    /// Starts noticing changes (for the <c>jwt</c> callback on a session read, whose token is re-encrypted only when it
    /// changed). A typed property or <see cref="Set"/> counts as a change when the value's JSON differs; handing out
    /// <see cref="Custom"/> or a node from <see cref="Get"/> takes a snapshot of the custom claims to compare afterwards.
    /// </summary>
    internal void BeginTracking()
    {
        _tracking = true;
        _changed = false;
        _customSnapshot = null;
    }

    /// <summary>Stops noticing changes; whether the token's JSON changed since <see cref="BeginTracking"/>.</summary>
    internal bool EndTracking()
    {
        _tracking = false;
        var snapshot = _customSnapshot;
        _customSnapshot = null;
        return _changed || (snapshot is not null && !snapshot.AsSpan().SequenceEqual(SerializeCustom(CustomClaims)));
    }

    /// <summary>The profile claims (<c>sub</c>, <c>name</c>, <c>email</c>, <c>picture</c>) this token has, null or not.</summary>
    internal ProfileClaims PresentProfileClaims => _present;

    /// <summary>Whether the token has <paramref name="claim"/>, possibly as null (next-auth's <c>null</c> as against <c>undefined</c>).</summary>
    internal bool Has(ProfileClaims claim) => (_present & claim) == claim;

    private string? Track(string? current, string? value, ProfileClaims claim)
    {
        if ((_present & claim) == 0)
        {
            // a claim that appears, even as null, changes the token's JSON
            _present |= claim;
            _changed |= _tracking;
        }

        return Track(current, value);
    }

    private T Track<T>(T current, T value)
    {
        if (_tracking && !_changed && !EqualityComparer<T>.Default.Equals(current, value))
        {
            _changed = true;
        }

        return value;
    }

    private void SnapshotCustom()
    {
        if (_tracking && !_changed && _customSnapshot is null)
        {
            _customSnapshot = SerializeCustom(CustomClaims);
        }
    }

    /// <summary>
    /// Turns the unparsed claims into nodes, exactly as parsing them with the payload would have (the same node types, the
    /// last duplicate winning in the first one's place). Safe if two threads get here: one object wins and is kept.
    /// </summary>
    private JsonObject? ParseUnparsed()
    {
        var unparsed = Volatile.Read(ref _unparsed);
        var source = _unparsedSource;
        if (unparsed is null || source is null)
        {
            return _custom;
        }

        var parsed = new JsonObject();
        for (var index = 0; index < _unparsedCount; index++)
        {
            var claim = unparsed[index];
            parsed[claim.Name] = JsonNode.Parse(source.AsSpan(claim.Start, claim.Length));
        }

        var custom = Interlocked.CompareExchange(ref _custom, parsed, null) ?? parsed;
        _unparsedSource = null;
        Volatile.Write(ref _unparsed, null);
        return custom;
    }

    /// <summary>The custom claims exactly as the token's JSON carries them.</summary>
    private static byte[] SerializeCustom(JsonObject? custom)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            JwtClaimsJsonConverter.WriteCustom(writer, custom, Serialization.SesameJsonContext.Default.Options);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private readonly record struct UnparsedClaim(string Name, int Start, int Length, string? Text);
}
