using Marten;
using TalentPool.Metrics;

namespace TalentPool.Tests.Metrics;

/// <summary>A counts document as stored, in JSON, without the sequence it was last changed at: counts compare by their text.</summary>
public static class CountsJson
{
    /// <summary>Without a store: System.Text.Json's defaults.</summary>
    public static string Of(CountsDocument counts) => Without(counts, () => System.Text.Json.JsonSerializer.Serialize(counts, counts.GetType()));

    public static string Of(IDocumentStore store, CountsDocument counts) => Without(counts, () => store.Options.Serializer().ToJson(counts));

    private static string Without(CountsDocument counts, Func<string> json)
    {
        var sequence = counts.LastSequence;
        counts.LastSequence = 0;
        try
        {
            return json();
        }
        finally
        {
            counts.LastSequence = sequence;
        }
    }
}
