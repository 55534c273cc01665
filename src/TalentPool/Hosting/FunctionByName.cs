using System.Data.Common;
using Weasel.Core;

namespace TalentPool.Hosting;

/// <summary>
/// A database function of the service's own schema objects, made when no function of its name exists (and, when given, a
/// statement run once after it). Weasel's <c>Function</c> compares the body's text with what PostgreSQL reads back, which for
/// these functions never matches: each start replaced them, so every node needed DDL rights in every database at every start,
/// also after <c>db-apply</c>. As with the triggers (<c>SharedTalentFacetCounts.TriggerWithFunction</c>), a changed body takes a
/// new function name.
/// </summary>
public sealed class FunctionByName(DbObjectName name, string create, string? then = null) : ISchemaObject
{
    public DbObjectName Identifier => name;

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine(create);
        if (then is not null) writer.WriteLine(then);
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"drop function if exists {name.QualifiedName} cascade;");

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        builder.Append("select count(*) from pg_catalog.pg_proc as p join pg_catalog.pg_namespace as n on n.oid = p.pronamespace where n.nspname = ");
        builder.AppendParameter(name.Schema);
        builder.Append(" and p.proname = ");
        builder.AppendParameter(name.Name);
        builder.Append(';');
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        var exists = await reader.ReadAsync(ct) && await reader.GetFieldValueAsync<long>(0, ct) > 0;
        return new Delta(this, exists ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    public IEnumerable<DbObjectName> AllNames() => [name];

    private sealed class Delta(FunctionByName function, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => function;
        public SchemaPatchDifference Difference => difference;
        public void WriteUpdate(Migrator rules, TextWriter writer) => function.WriteCreateStatement(rules, writer);
        public void WriteRollback(Migrator rules, TextWriter writer) => function.WriteDropStatement(rules, writer);
        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) { }
    }
}
