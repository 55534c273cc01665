using System.Data.Common;
using Marten.Internal.Operations;
using Marten.Linq.QueryHandlers;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Core;
using ICommandBuilder = Weasel.Postgresql.ICommandBuilder;
using Weasel.Storage;
using Wolverine;
using Wolverine.Persistence.Durability;

namespace TalentPool.Hosting.Idempotency;

/// <summary>
/// Has an earlier request committed this key in the region's database, and with what response? A query of the session's
/// batch, so the lookup rides the round trip the endpoint's load already makes. Existence only: an expired claim not yet
/// swept still answers, as Wolverine's own lookup does.
/// </summary>
internal sealed class FindRegionClaim(string table, string? storageId) : IQueryHandler<DeduplicatedResponseClaim?>
{
    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        builder.Append($"select fingerprint, status_code, body, location from {table} where deduplication_id = ");
        builder.AppendParameter((object?)storageId ?? DBNull.Value, NpgsqlDbType.Varchar);
    }

    public async Task<DeduplicatedResponseClaim?> HandleAsync(DbDataReader reader, IStorageSession session, CancellationToken token)
    {
        if (!await reader.ReadAsync(token)) return null;
        var fingerprint = await reader.GetFieldValueAsync<string>(0, token);
        var response = await reader.IsDBNullAsync(1, token)
            ? null
            : new DeduplicatedResponse(await reader.GetFieldValueAsync<int>(1, token), await TextAsync(reader, 2, token), await TextAsync(reader, 3, token));
        return new DeduplicatedResponseClaim(fingerprint, response);
    }

    public Task<int> StreamJson(Stream stream, DbDataReader reader, CancellationToken token) =>
        throw new NotSupportedException("A claim lookup is never streamed.");

    private static async Task<string?> TextAsync(DbDataReader reader, int ordinal, CancellationToken token) =>
        await reader.IsDBNullAsync(ordinal, token) ? null : await reader.GetFieldValueAsync<string>(ordinal, token);
}

/// <summary>
/// Claims the key, with the response, as part of the session's unit of work: it commits with the write's events and
/// documents or not at all. A concurrent request that claimed first makes this insert fail on the table's primary key,
/// which rolls the whole write back (<see cref="RegionDatabaseClaimRaces"/> answers it).
/// </summary>
internal sealed class WriteRegionClaim(string table, PendingDeduplicatedResponseClaim claim) : Marten.Internal.Operations.IStorageOperation, NoDataReturnedCall
{
    // Marten ensures the storage of each queued operation's document type; this table is not Marten's, so name one it
    // already knows nothing to create for, as Wolverine's own claim does.
    public Type DocumentType => typeof(Envelope);

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        builder.Append($"insert into {table} (deduplication_id, expires, fingerprint, claim_token, status_code, body, location) values (");
        builder.AppendParameter(claim.DeduplicationId);
        builder.Append(',');
        builder.AppendParameter(claim.Expires);
        builder.Append(',');
        builder.AppendParameter(claim.Fingerprint);
        builder.Append(',');
        builder.AppendParameter(claim.ClaimToken);
        builder.Append(',');
        builder.AppendParameter(claim.Response is null ? DBNull.Value : claim.Response.StatusCode, NpgsqlDbType.Integer);
        builder.Append(',');
        builder.AppendParameter((object?)claim.Response?.Body ?? DBNull.Value, NpgsqlDbType.Text);
        builder.Append(',');
        builder.AppendParameter((object?)claim.Response?.Location ?? DBNull.Value, NpgsqlDbType.Text);
        builder.Append(");");
    }

    public void Postprocess(DbDataReader reader, IList<Exception> exceptions)
    {
    }

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

    public OperationRole Role() => OperationRole.Other;
}
