using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sesame.Jwt;

namespace Sesame.Endpoints;

/// <summary>
/// Writes JSON response bodies on the hot path (<c>GET /session</c>, <c>GET /csrf</c>): straight from a writer to the
/// response's <see cref="PipeWriter"/> with <c>Content-Length</c>, through a pool of reusable buffers and
/// <see cref="Utf8JsonWriter"/>s, so that a response allocates no byte array, writer or serializer state.
/// </summary>
internal sealed class JsonBodyWriter : IDisposable
{
    private readonly InstancePool<Scratch> _pool = new(static () => new Scratch(), Environment.ProcessorCount * 2);

    /// <summary>
    /// Sets <paramref name="status"/>, <c>Content-Type: application/json</c> and <c>Content-Length</c>, and writes what
    /// <paramref name="write"/> writes (a static lambda; its input comes as <paramref name="state"/>, so nothing is captured).
    /// </summary>
    public Task WriteAsync<TState>(HttpResponse response, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var scratch = _pool.Rent();
        ValueTask<FlushResult> flush;
        try
        {
            var writer = scratch.Start();
            write(writer, state);
            writer.Flush();
            flush = WriteAsync(response, status, scratch.WrittenSpan);
        }
        finally
        {
            scratch.Clear();
            _pool.Return(scratch);
        }

        return flush.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(flush);
    }

    /// <summary>Writes a JSON body that is already UTF-8 (a constant such as next-auth's "no session" body).</summary>
    public static Task WriteAsync(HttpResponse response, int status, byte[] json)
    {
        var flush = WriteAsync(response, status, json.AsSpan());
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(flush);
    }

    public void Dispose() => _pool.Dispose();

    private static ValueTask<FlushResult> WriteAsync(HttpResponse response, int status, ReadOnlySpan<byte> json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        var body = response.BodyWriter;
        body.Write(json);
        return body.FlushAsync(response.HttpContext.RequestAborted);
    }

    private static async Task AwaitAsync(ValueTask<FlushResult> flush) => await flush.ConfigureAwait(false);

    /// <summary>A growable buffer and the writer that fills it, reused across responses.</summary>
    private sealed class Scratch : IBufferWriter<byte>, IDisposable
    {
        private const int MaxKeptBytes = 16 * 1024;
        private readonly Utf8JsonWriter _writer;
        private byte[] _buffer = new byte[512];
        private int _written;

        public Scratch() => _writer = new Utf8JsonWriter(this);

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        public Utf8JsonWriter Start()
        {
            _written = 0;
            _writer.Reset(this);
            return _writer;
        }

        /// <summary>Clears what was written (session data) before the buffer goes back to the pool.</summary>
        public void Clear()
        {
            _buffer.AsSpan(0, _written).Clear();
            _written = 0;
            if (_buffer.Length > MaxKeptBytes)
            {
                // a rare large body (big custom session data) does not stay in the pool
                _buffer = new byte[512];
            }
        }

        public void Advance(int count) => _written += count;

        // Ensure first, then read _buffer: it may replace the array (`_buffer.AsMemory(Ensure(…))` would slice the old one).
        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var start = Ensure(sizeHint);
            return _buffer.AsMemory(start);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            var start = Ensure(sizeHint);
            return _buffer.AsSpan(start);
        }

        public void Dispose() => _writer.Dispose();

        private int Ensure(int sizeHint)
        {
            sizeHint = Math.Max(sizeHint, 1);
            if (_buffer.Length - _written < sizeHint)
            {
                var larger = new byte[Math.Max(_buffer.Length * 2, _written + sizeHint)];
                _buffer.AsSpan(0, _written).CopyTo(larger);
                _buffer.AsSpan(0, _written).Clear();
                _buffer = larger;
            }

            return _written;
        }
    }
}
