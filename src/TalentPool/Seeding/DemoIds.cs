using TalentPool.Common;

namespace TalentPool.Seeding;

/// <summary>Ids and random sequences that follow from the seed alone: the same plan gives the same streams.</summary>
public static class DemoIds
{
    public static Guid Of(int seed, string kind, int number) => DeterministicId.From($"demo:{seed}:{kind}:{number}");

    /// <summary>
    /// A random sequence of its own for one thing (a talent, a vacancy), so that making it again needs nothing else. The
    /// seed is mixed by a fixed function, never <see cref="HashCode"/>, whose results change from process to process.
    /// </summary>
    public static Random RandomFor(int seed, string kind, int number)
    {
        var mixed = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)number * 0xBF58476D1CE4E5B9UL ^ Fnv(kind) * 0x94D049BB133111EBUL;
        mixed ^= mixed >> 31;
        mixed *= 0xD6E8FEB86659FD39UL;
        mixed ^= mixed >> 32;
        return new Random((int)(mixed & int.MaxValue));
    }

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
