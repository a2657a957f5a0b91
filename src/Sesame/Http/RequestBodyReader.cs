using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Http;

/// <summary>
/// Reads a POST body, form-encoded or JSON (next-auth accepts both on every POST), into flat fields, refusing bodies over
/// a small bound: no endpoint here needs more, and an unbounded read is a memory lever for an attacker.
/// </summary>
internal static class RequestBodyReader
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>How reading a body ended.</summary>
    public enum Status
    {
        /// <summary>Read: the fields (and JSON <c>data</c>) are there.</summary>
        Ok,

        /// <summary>Over <see cref="MaxBodyBytes"/>: 413.</summary>
        TooLarge,

        /// <summary>JSON the parser refuses (syntax, invalid UTF-8, a lone surrogate in any string): 400.</summary>
        Malformed,
    }

    /// <summary>The outcome, and for <see cref="Status.Ok"/> the fields and the JSON <c>data</c> member.</summary>
    public readonly record struct Result(Status Status, Dictionary<string, string> Fields, JsonElement? Data);

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.ContentLength is > MaxBodyBytes)
        {
            return new(Status.TooLarge, fields, null);
        }

        var bytes = await ReadBoundedAsync(request.Body, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return new(Status.TooLarge, fields, null);
        }

        if (bytes.Length == 0)
        {
            return new(Status.Ok, fields, null);
        }

        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ParseJson(bytes, fields, out var data) ? new(Status.Ok, fields, data) : new(Status.Malformed, fields, null);
        }

        // Form encoding is the default: next-auth's client posts sign-in and sign-out forms with it.
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes)))
        {
            if (values.Count > 0 && values[^1] is { } value)
            {
                fields[key] = value;
            }
        }

        return new(Status.Ok, fields, null);
    }

    /// <summary>
    /// False when the parser refuses the body. Every string and name is checked to be valid UTF-16 here, once, so that no
    /// handler or callback reading a field or the update's <c>data</c> later meets an exception (a 500) instead.
    /// </summary>
    public static bool ParseJson(byte[] bytes, Dictionary<string, string> fields, out JsonElement? data)
    {
        data = null;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            if (!IsTranscodable(document.RootElement))
            {
                return false;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return true;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Number:
                        fields[property.Name] = property.Value.GetRawText();
                        break;
                    default:
                        // A JSON boolean is not a string: { "json": true } does not turn on JSON mode, as in next-auth.
                        break;
                }

                if (property.NameEquals("data"u8))
                {
                    data = property.Value.Clone();
                }
            }

            return true;
        }
        catch (JsonException)
        {
            // Next.js's own body parser answers 400 to JSON it cannot parse, before next-auth sees the request.
            return false;
        }
    }

    private static bool IsTranscodable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsTranscodable(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!IsTranscodable(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape (\ud800) or invalid UTF-8 inside a string: valid JSON syntax, but no .NET string.
            return false;
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length >= MaxBodyBytes + 1)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, MaxBodyBytes + 1) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > MaxBodyBytes)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
