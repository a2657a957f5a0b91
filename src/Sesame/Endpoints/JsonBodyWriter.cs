using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.ObjectPool;
using Sesame.Jwt;
using Sesame.Serialization;

namespace Sesame.Endpoints;

/// <summary>
/// Writes JSON response bodies on the hot path (<c>GET /session</c>, <c>GET /csrf</c>): straight from a writer to the
/// response's <see cref="PipeWriter"/> with <c>Content-Length</c>, through a pool of reusable buffers and
/// <see cref="Utf8JsonWriter"/>s, so that a response allocates no byte array, writer or serializer state.
/// </summary>
internal sealed class JsonBodyWriter : IDisposable
{
    private readonly ObjectPool<Scratch> _pool = PooledInstances.Create(static () => new Scratch(), Environment.ProcessorCount * 2);

    /// <summary>
    /// Sets <paramref name="status"/>, <c>Content-Type: application/json</c> and <c>Content-Length</c>, and writes what
    /// <paramref name="write"/> writes (a static lambda; its input comes as <paramref name="state"/>, so nothing is captured).
    /// </summary>
    public Task WriteAsync<TState>(HttpResponse response, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var scratch = _pool.Get();
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

    public void Dispose() => PooledInstances.Dispose(_pool);

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
    private sealed class Scratch : IDisposable
    {
        private const int MaxKeptBytes = 16 * 1024;
        private readonly PooledBufferWriter _buffer = new(512);
        private readonly Utf8JsonWriter _writer;

        public Scratch() => _writer = new Utf8JsonWriter(_buffer);

        public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

        public Utf8JsonWriter Start()
        {
            _writer.Reset(_buffer);
            return _writer;
        }

        /// <summary>Clears what was written (session data) before the scratch goes back to the pool.</summary>
        public void Clear() => _buffer.Reset(MaxKeptBytes);

        public void Dispose()
        {
            _writer.Dispose();
            _buffer.Dispose();
        }
    }
}
