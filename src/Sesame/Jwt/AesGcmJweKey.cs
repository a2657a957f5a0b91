using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;

namespace Sesame.Jwt;

/// <summary>A256GCM (next-auth v4's encryption): 32-byte key, 12-byte IV, 16-byte tag.</summary>
internal sealed class AesGcmJweKey : JweKey
{
    private const int IvSize = 12;
    private const int TagSize = 16;

    private readonly ObjectPool<AesGcm> _pool;

    public AesGcmJweKey(byte[] key, string? kid)
        : base(JweEncryption.A256Gcm, kid)
    {
        // AesGcm holds a native context with the expanded key and is not thread-safe: pool instances instead of
        // creating one per call (see JwtCodecBenchmarks for the difference).
        _pool = PooledInstances.Create<AesGcm>(() => new AesGcm(key, TagSize), Environment.ProcessorCount * 2);
    }

    public override int IvLength => IvSize;

    public override int TagLength => TagSize;

    public override string Encrypt(ReadOnlySpan<byte> plaintext)
    {
        // buffer = IV ‖ ciphertext ‖ tag
        var total = IvSize + plaintext.Length + TagSize;
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var iv = buffer.AsSpan(0, IvSize);
            var ciphertext = buffer.AsSpan(IvSize, plaintext.Length);
            var tag = buffer.AsSpan(IvSize + plaintext.Length, TagSize);
            RandomNumberGenerator.Fill(iv);
            var aes = _pool.Get();
            try
            {
                aes.Encrypt(iv, plaintext, ciphertext, tag, HeaderAscii);
            }
            finally
            {
                _pool.Return(aes);
            }

            return CompactJwe.Write(HeaderSegment, buffer, 0, IvSize, plaintext.Length, TagSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override bool TryDecrypt(scoped in JweParts parts, Span<byte> plaintext, out int written)
    {
        written = 0;
        if (parts.Iv.Length != IvSize || parts.Tag.Length != TagSize)
        {
            return false;
        }

        var aes = _pool.Get();
        try
        {
            aes.Decrypt(parts.Iv, parts.Ciphertext, parts.Tag, plaintext[..parts.Ciphertext.Length], parts.Aad);
            written = parts.Ciphertext.Length;
            return true;
        }
        catch (CryptographicException)
        {
            // AesGcm has no Try-API: a tag mismatch (wrong secret, tampering) is only reported by this exception.
            return false;
        }
        finally
        {
            _pool.Return(aes);
        }
    }

    public override void Dispose() => PooledInstances.Dispose(_pool);
}
