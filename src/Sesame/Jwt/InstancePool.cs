namespace Sesame.Jwt;

/// <summary>
/// A small lock-free pool of cipher objects (<see cref="System.Security.Cryptography.AesGcm"/>, <see cref="System.Security.Cryptography.Aes"/>)
/// that are costly to create (native context, key schedule) and not safe to share between threads.
/// Rent one, use it on one thread, return it; when the pool is empty a new one is made, when it is full the returned one is disposed.
/// </summary>
/// <typeparam name="T">The pooled type.</typeparam>
internal sealed class InstancePool<T> : IDisposable
    where T : class, IDisposable
{
    private readonly T?[] _items;
    private readonly Func<T> _factory;

    public InstancePool(Func<T> factory, int size)
    {
        _factory = factory;
        _items = new T?[size];
    }

    public T Rent()
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            var item = Interlocked.Exchange(ref items[i], null);
            if (item is not null)
            {
                return item;
            }
        }

        return _factory();
    }

    public void Return(T item)
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return;
            }
        }

        item.Dispose();
    }

    public void Dispose()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            Interlocked.Exchange(ref _items[i], null)?.Dispose();
        }
    }
}
