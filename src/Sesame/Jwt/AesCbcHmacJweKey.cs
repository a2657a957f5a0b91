using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;

namespace Sesame.Jwt;

/// <summary>
/// A256CBC-HS512 (RFC 7518 §5.2.5, Auth.js v5's encryption): a 64-byte key whose first half is the HMAC-SHA-512 key and
/// second half the AES-256-CBC key; 16-byte IV; the tag is the first 32 bytes of HMAC(AAD ‖ IV ‖ ciphertext ‖ AL).
/// </summary>
internal sealed class AesCbcHmacJweKey : JweKey
{
    private const int IvSize = 16;
    private const int TagSize = 32;
    private const int AlSize = 8;

    private readonly byte[] _macKey;
    private readonly ObjectPool<Aes> _pool;

    public AesCbcHmacJweKey(byte[] key, string kid)
        : base(JweEncryption.A256CbcHs512, kid)
    {
        if (key.Length != 64)
        {
            throw new ArgumentException("A256CBC-HS512 needs a 64-byte key.", nameof(key));
        }

        _macKey = key[..32];
        var encKey = key[32..];
        _pool = PooledInstances.Create<Aes>(
            () =>
            {
                var aes = Aes.Create();
                aes.Key = encKey;
                return aes;
            },
            Environment.ProcessorCount * 2);
    }

    public override int IvLength => IvSize;

    public override int TagLength => TagSize;

    /// <summary>Writes AL: the AAD length in bits as a 64-bit big-endian integer.</summary>
    public static void WriteAl(Span<byte> destination, int aadLength) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, (ulong)aadLength * 8);

    public override string Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var aadLength = HeaderAscii.Length;
        var ciphertextLength = (plaintext.Length / 16 + 1) * 16; // PKCS#7 always adds 1..16 bytes
        // buffer = AAD ‖ IV ‖ ciphertext ‖ AL ‖ MAC (the MAC input is contiguous: one HMAC call)
        var macInputLength = aadLength + IvSize + ciphertextLength + AlSize;
        var buffer = ArrayPool<byte>.Shared.Rent(macInputLength + 64);
        try
        {
            HeaderAscii.CopyTo(buffer, 0);
            var iv = buffer.AsSpan(aadLength, IvSize);
            RandomNumberGenerator.Fill(iv);
            var aes = _pool.Get();
            int written;
            try
            {
                written = aes.EncryptCbc(plaintext, iv, buffer.AsSpan(aadLength + IvSize, ciphertextLength), PaddingMode.PKCS7);
            }
            finally
            {
                _pool.Return(aes);
            }

            WriteAl(buffer.AsSpan(aadLength + IvSize + written, AlSize), aadLength);
            var mac = buffer.AsSpan(macInputLength, 64);
            HMACSHA512.HashData(_macKey, buffer.AsSpan(0, macInputLength), mac);
            // the tag (first 32 MAC bytes) must follow the ciphertext for CompactJwe.Write: move it over AL
            mac[..TagSize].CopyTo(buffer.AsSpan(aadLength + IvSize + written, TagSize));
            return CompactJwe.Write(HeaderSegment, buffer, aadLength, IvSize, written, TagSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override bool TryDecrypt(scoped in JweParts parts, Span<byte> plaintext, out int written)
    {
        written = 0;
        if (parts.Iv.Length != IvSize || parts.Tag.Length != TagSize || parts.Ciphertext.Length == 0 || parts.Ciphertext.Length % 16 != 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[64];
        HMACSHA512.HashData(_macKey, parts.MacInput, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagSize], parts.Tag))
        {
            return false;
        }

        var aes = _pool.Get();
        try
        {
            return aes.TryDecryptCbc(parts.Ciphertext, parts.Iv, plaintext, out written, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // bad padding behind a valid MAC: only a holder of the key can produce it
            written = 0;
            return false;
        }
        finally
        {
            _pool.Return(aes);
        }
    }

    public override void Dispose() => PooledInstances.Dispose(_pool);
}
