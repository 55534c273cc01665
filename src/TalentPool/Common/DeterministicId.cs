using System.Security.Cryptography;
using System.Text;

namespace TalentPool.Common;

/// <summary>An id that follows from a name: the same name always gives the same id, so a stream can be found, or made unique, by what it is about.</summary>
public static class DeterministicId
{
    public static Guid From(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"talentpool:{name}")).AsSpan(0, 16));
}
