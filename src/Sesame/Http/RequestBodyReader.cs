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

    /// <summary>The fields and the JSON <c>data</c> member, or <see langword="null"/> when the body is too large.</summary>
    public static async Task<(Dictionary<string, string> Fields, JsonElement? Data)?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.ContentLength is > MaxBodyBytes)
        {
            return null;
        }

        var bytes = await ReadBoundedAsync(request.Body, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        if (bytes.Length == 0)
        {
            return (fields, null);
        }

        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (fields, ParseJson(bytes, fields));
        }

        // Form encoding is the default: next-auth's client posts sign-in and sign-out forms with it.
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes)))
        {
            if (values.Count > 0 && values[^1] is { } value)
            {
                fields[key] = value;
            }
        }

        return (fields, null);
    }

    private static JsonElement? ParseJson(byte[] bytes, Dictionary<string, string> fields)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            JsonElement? data = null;
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

            return data;
        }
        catch (JsonException)
        {
            return null;
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
