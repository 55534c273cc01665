using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Lists, at the top of the document, every tag an operation uses, with what the group is about. A tag used by an
/// endpoint but missing here is listed without a description, which Redocly reports (and the lint test refuses).
/// </summary>
internal sealed class TagDescriptions : IDocumentFilter
{
    private static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["Talents"] = "People who register their interest in the region: registration (open to anyone), their profile, consents, "
            + "access token and erasure; and the shared talent base members see.",
        ["Regions"] = "Counties, regions, their municipality numbers, goals, consent validity and versioned price lists.",
        ["Partners"] = "Partner companies' memberships: joining, tier changes, cancellation and rejoining.",
        ["Municipalities"] = "Municipalities' memberships: joining, population counts, who pays the licence, leaving and rejoining.",
        ["Vacancies"] = "Vacancies posted by members, listed newest first with cursor paging.",
        ["Matching"] = "Consenting talents ranked for a vacancy, and the open vacancies that fit a talent, each score explained by its "
            + "parts.",
        ["Candidates"] = "Talents introduced to a vacancy, and their way through its pipeline.",
        ["Hires"] = "Hires recorded by recruiters (idempotent), their cancellation, end of employment and the accompanying partner's "
            + "work.",
        ["Billing"] = "Monthly statements of partners, municipalities and regions, and closing a month.",
        ["Metrics"] = "How the region is doing, from async read models that say how current they are and can wait for a reader's writes.",
        ["Audit"] = "Who caused each recorded fact, with its request's correlation id.",
        ["Webhooks"] = "Members' endpoints for the events of their own scope: signed deliveries, retried and replayable, with a delivery log.",
        ["SavedSearches"] = "Members' saved searches of the shared talent base: a consenting talent who comes to match one is sent to the member's webhooks.",
        ["Sync"] = "Each list a member reads as \"what changed since cursor C\": upserts and tombstones in commit order, for mirrors "
            + "in members' own systems.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal);

        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = Descriptions.GetValueOrDefault(name),
        }));
    }
}
