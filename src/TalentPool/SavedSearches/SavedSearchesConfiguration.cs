using JasperFx.Events.Projections;
using Marten;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace TalentPool.SavedSearches;

public static class SavedSearchesConfiguration
{
    public const string TableAlias = "saved_search";

    public static void AddSavedSearches(this StoreOptions options)
    {
        options.Events.MapEventType<SavedSearchCreated>("saved_search_created.v1");
        options.Events.MapEventType<SavedSearchDeleted>("saved_search_deleted.v1");

        options.Projections.Snapshot<SavedSearch>(SnapshotLifecycle.Inline);
        options.Schema.For<SavedSearch>()
            .DocumentAlias(TableAlias)
            .Index(x => x.MemberId)
            // The searches a talent's tokens contain, by a GIN index (`<@`): see SavedSearchMatches.
            .Duplicate(x => x.RequiredTokens, "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, index => index.Method = IndexMethod.gin);
    }
}
