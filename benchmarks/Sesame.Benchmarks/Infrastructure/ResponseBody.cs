using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Sesame.Benchmarks.Infrastructure;

/// <summary>
/// The response body of an in-process request, as cheap as Kestrel's: <see cref="Stream"/> and <see cref="Writer"/> both
/// go to one sink without allocating per write (ASP.NET Core's <c>StreamResponseBodyFeature</c> would create a pipe
/// writer per response when an endpoint writes to <c>BodyWriter</c>, which Kestrel does not).
/// </summary>
internal sealed class ResponseBody(Stream sink) : PipeWriter, IHttpResponseBodyFeature
{
    // Written bytes are discarded or copied to the sink right away, so every response may share one scratch buffer.
    private static readonly byte[] Scratch = new byte[64 * 1024];

    public Stream Stream => sink;

    public PipeWriter Writer => this;

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteAsync() => Task.CompletedTask;

    public override void Advance(int bytes)
    {
        if (sink != Stream.Null)
        {
            sink.Write(Scratch, 0, bytes);
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Scratch.AsMemory(0, Math.Max(sizeHint, Scratch.Length));

    public override Span<byte> GetSpan(int sizeHint = 0) => Scratch.AsSpan(0, Math.Max(sizeHint, Scratch.Length));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));
}
