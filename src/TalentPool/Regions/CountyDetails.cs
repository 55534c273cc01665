using Marten;
using Marten.Events.Aggregation;

namespace TalentPool.Regions;

/// <summary>
/// A county as any signed-in caller reads it: its country (null for a county registered before counties had one,
/// until its list is recorded) and its municipality lists over time (<c>from</c> null for the list it was registered with).
/// </summary>
public sealed record CountyDetails(Guid Id, string Name, string? Country, IReadOnlyList<CountyMunicipalities> Municipalities)
{
    public int Version { get; init; }

    public static Task<CountyDetails?> ReadAsync(Guid countyId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<CountyDetails>(countyId, cancellation);
}

/// <summary>
/// Inline: recording a county's list answers with the county as it now is, so the read model must be current when
/// the write commits; one stream, one small document, written in the write's own transaction.
/// </summary>
public sealed partial class CountyDetailsProjection : SingleStreamProjection<CountyDetails, Guid>
{
    public static CountyDetails Create(CountyRegistered registered) =>
        new(registered.CountyId, registered.Name, registered.Country, CountyMunicipalityLists.Of(registered));

    public static CountyDetails Apply(CountyMunicipalitiesRecorded recorded, CountyDetails county) =>
        county with { Country = recorded.Country, Municipalities = county.Municipalities.With(recorded) };
}
