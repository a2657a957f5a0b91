using System.Collections.Concurrent;

namespace Sesame.Caching;

/// <summary>
/// A bounded memo of values by string key, in two generations: new entries go into the current one; when it holds
/// <c>capacity</c> entries it becomes the previous one and the older is dropped; an entry found in the previous one
/// moves back. So whatever was used within about the last <c>capacity</c> distinct keys stays, memory stays under twice
/// the bound, and a busy instance never falls back to an empty memo at once.
/// </summary>
internal sealed class RecentValues<TValue>(int capacity)
    where TValue : class
{
    private Generation _current = new();
    private Generation _previous = new();

    public int Count => _current.Entries.Count + _previous.Entries.Count;

    public bool TryGetValue(ReadOnlySpan<char> key, out TValue value)
    {
        var current = _current;
        if (current.BySpan.TryGetValue(key, out value!))
        {
            return true;
        }

        if (_previous.BySpan.TryGetValue(key, out var actualKey, out value!))
        {
            Add(current, actualKey, value);
            return true;
        }

        return false;
    }

    public void Add(string key, TValue value) => Add(_current, key, value);

    /// <summary>Adds or replaces the value of <paramref name="key"/> (a memo whose entries go stale and are renewed).</summary>
    public void Set(string key, TValue value) => Add(_current, key, value, replace: true);

    private void Add(Generation generation, string key, TValue value, bool replace = false)
    {
        if (generation.Entries.Count >= capacity)
        {
            if (Interlocked.CompareExchange(ref _current, new Generation(), generation) == generation)
            {
                _previous = generation;
            }

            generation = _current;
        }

        if (replace)
        {
            generation.Entries[key] = value;
        }
        else
        {
            generation.Entries.TryAdd(key, value);
        }
    }

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<string, TValue> Entries = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> BySpan;

        public Generation() => BySpan = Entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
