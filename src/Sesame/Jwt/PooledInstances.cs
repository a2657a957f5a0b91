using Microsoft.Extensions.ObjectPool;

namespace Sesame.Jwt;

/// <summary>
/// Pools of instances that are costly to make and not thread-safe (cipher objects, scratch buffers), on
/// <c>Microsoft.Extensions.ObjectPool</c>: a disposable pool, which disposes what it does not keep and, when disposed,
/// what it holds.
/// </summary>
internal static class PooledInstances
{
    public static ObjectPool<T> Create<T>(Func<T> factory, int size)
        where T : class, IDisposable =>
        new DefaultObjectPoolProvider { MaximumRetained = size }.Create(new FactoryPolicy<T>(factory));

    public static void Dispose<T>(ObjectPool<T> pool)
        where T : class => (pool as IDisposable)?.Dispose();

    private sealed class FactoryPolicy<T>(Func<T> factory) : IPooledObjectPolicy<T>
        where T : notnull
    {
        public T Create() => factory();

        public bool Return(T obj) => true;
    }
}
