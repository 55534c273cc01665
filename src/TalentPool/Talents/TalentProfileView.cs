using Marten;

namespace TalentPool.Talents;

/// <summary>
/// The talent's own profile as the talent (and an admin) reads it: who they are, what they offer, which consents
/// are in force, and the version to send back when updating. The talent edits their personal details here, so
/// this is the one answer that shows them in full.
/// </summary>
/// <remarks>
/// Not a document of its own: made from the <see cref="Talent"/> snapshot, which Marten keeps inline with every talent
/// event (so it is current when a write commits and answers with it) and deletes on erasure. A second inline document
/// with the same data cost every registration and profile change its upsert.
/// </remarks>
public sealed record TalentProfileView(
    Guid Id,
    TalentPersonalDetails Personal,
    TalentProfile Profile,
    TalentConsents Consents,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The stream version: send it back as <c>expectedVersion</c> to update the profile.</summary>
    public int Version { get; init; }

    public static TalentProfileView Of(Talent talent) =>
        new(talent.Id, talent.Personal, talent.Profile, talent.Consents, talent.RegisteredAt, talent.UpdatedAt) { Version = talent.Version };

    public static async Task<TalentProfileView?> ReadAsync(Guid talentId, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Talent>(talentId, cancellation) is not { } talent) return null;
        // A snapshot stored before it kept the dates (until the operator's `rebuild` rewrites it): the few events of the
        // talent's stream, aggregated, give them.
        if (talent.RegisteredAt == default) talent = await session.Events.AggregateStreamAsync<Talent>(talentId, token: cancellation) ?? talent;
        return Of(talent);
    }
}
