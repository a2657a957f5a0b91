using System.Buffers;

namespace Sesame.Serialization;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over <see cref="ArrayPool{T}.Shared"/>, so that serializing claims or a response body
/// allocates no byte array; what it held (claims, session data) is cleared before its arrays go back to the pool.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly int _initialCapacity;
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity)
    {
        _initialCapacity = initialCapacity;
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>
    /// Empties the writer for its next use, clearing what was written; a buffer grown past <paramref name="maxKeptBytes"/>
    /// (a rare large body) goes back to the pool for one of the initial size.
    /// </summary>
    public void Reset(int maxKeptBytes)
    {
        _buffer.AsSpan(0, _written).Clear();
        _written = 0;
        if (_buffer.Length > maxKeptBytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(_initialCapacity);
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            // the buffer held claims in clear text
            buffer.AsSpan(0, _written).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        _buffer.AsSpan(0, _written).Clear();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
